"""Grade a Flask lab submission: python -m grading.lab --submission DIR --out DIR.

Writes OUT/grades.csv and OUT/results.json (Gradescope's format) and prints the score.
"""

import argparse
from pathlib import Path

from grading.lab.grade import grade
from grading.report import write_grades_csv, write_results_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", type=Path, required=True, help="folder with app.py")
    parser.add_argument("--out", type=Path, required=True, help="where the results go")
    parser.add_argument("--start-timeout", type=float, default=60.0, help="seconds to listen")
    args = parser.parse_args()
    if not args.submission.is_dir():
        parser.error(f"{args.submission} is not a folder")
    results = grade(args.submission.resolve(), args.start_timeout)
    write_grades_csv(args.out / "grades.csv", results)
    write_results_json(args.out / "results.json", results)
    for result in results:
        print(f"{result.points:>5g}/{result.max_points:<3g} {result.exercise}: {result.message}")
    total = sum(r.points for r in results)
    print(f"total {total:g}/{sum(r.max_points for r in results):g}")


if __name__ == "__main__":
    main()

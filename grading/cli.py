"""The two commands: ``check`` (a student's own notebooks) and ``grade`` (a folder of them).

``check`` prints one line per exercise and a total, and exits 1 when any exercise fails.
``grade`` exits 0 whenever grading completed, whatever the scores: 2 means the grader
itself failed (a missing solution notebook, a check that cannot be loaded).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

from . import feedback
from .notebook import ROOT, SOLUTIONS, exercises, submitted_code
from .report import Result, write_grades_csv, write_results_json
from .sandbox import Limits, Outcome, grade

GRADER_ERROR = "grader error (not your fault)"


def grade_notebook(submission: str, path: Path, limits: Limits) -> list[Result]:
    """Every exercise of one submitted notebook, as Result rows."""
    solution_path = SOLUTIONS / path.name
    if not solution_path.exists():
        return [Result(submission, path.stem, "(notebook)", 0, 0, f"no solutions/{path.name}")]
    solution = nbformat.read(solution_path, as_version=4)
    found = exercises(solution)
    try:
        answers = submitted_code(nbformat.read(path, as_version=4), len(found))
    except Exception as error:  # noqa: BLE001 - a corrupt upload scores 0, others go on
        answers, reason = [None] * len(found), f"notebook unreadable: {error}"
    else:
        reason = None
    try:
        outcomes = grade(solution, path.stem, found, answers, limits)
    except Exception as error:  # noqa: BLE001 - the grader broke: say so, grade the rest
        outcomes = [Outcome(0, f"{GRADER_ERROR}: {type(error).__name__}: {error}")] * len(found)
    return [
        Result(
            submission,
            path.stem,
            e.label,
            round(o.fraction * e.points, 2),
            e.points,
            reason or o.message,
        )
        for e, o in zip(found, outcomes, strict=True)
    ]


def _run_all(jobs: list[tuple[str, Path]], workers: int, limits: Limits, progress) -> list[Result]:
    results: list[Result] = []
    if workers <= 1:
        for n, (submission, path) in enumerate(jobs, 1):
            rows = grade_notebook(submission, path, limits)
            progress(n, len(jobs), submission, path, rows)
            results += rows
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {pool.submit(grade_notebook, s, p, limits): (s, p) for s, p in jobs}
        for n, future in enumerate(as_completed(futures), 1):
            rows = future.result()
            progress(n, len(jobs), *futures[future], rows)
            results += rows
    order = {(s, p.stem): i for i, (s, p) in enumerate(jobs)}
    return sorted(results, key=lambda r: order.get((r.submission, r.notebook), 0))


def check(args) -> int:
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    failed = 0

    def show(n, total, submission, path, rows):
        print(f"{path.stem}")
        for r in rows:
            mark = "PASS" if r.points == r.max_points else "FAIL"
            print(f"  {mark} {r.exercise} ({r.points:g}/{r.max_points:g}): {r.message}")
        print(f"  total {sum(r.points for r in rows):g}/{sum(r.max_points for r in rows):g}")

    started = time.monotonic()
    results = _run_all([("you", p) for p in paths], args.jobs, Limits(), show)
    failed = sum(r.points < r.max_points for r in results)
    total, best = sum(r.points for r in results), sum(r.max_points for r in results)
    print(
        f"{total:g}/{best:g} points; {failed} exercise(s) not passed "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if failed else 0


def grade_folder(args) -> int:
    root, out = Path(args.submissions), Path(args.out)
    jobs = sorted(
        (p.relative_to(root).parts[0], p)
        for p in root.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and len(p.relative_to(root).parts) > 1
    )
    if not jobs:
        print(f"no <submission>/*.ipynb under {root}", file=sys.stderr)
        return 2
    started = time.monotonic()

    def show(n, total, submission, path, rows):
        got, best = sum(r.points for r in rows), sum(r.max_points for r in rows)
        print(
            f"[{n}/{total}] {submission}/{path.name}: {got:g}/{best:g} "
            f"({time.monotonic() - started:.0f} s)",
            flush=True,
        )

    limits = Limits(cell=args.cell_timeout, notebook=args.notebook_timeout)
    results = _run_all(jobs, args.jobs, limits, show)
    write_grades_csv(out / "grades.csv", results)
    for submission in sorted({r.submission for r in results}):
        mine = [r for r in results if r.submission == submission]
        write_results_json(out / submission / "results.json", mine)
        feedback.write_feedback(out / submission / "feedback.md", submission, mine)
    table = feedback.write_summary_csv(out / "summary.csv", results)
    print(table)
    print(f"graded {len(jobs)} notebook(s) in {time.monotonic() - started:.0f} s → {out}")
    broken = sum(r.message.startswith(GRADER_ERROR) for r in results)
    if broken:
        print(f"{broken} exercise(s) could not be graded: see grades.csv", file=sys.stderr)
    return 2 if broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grading")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check your own notebooks")
    c.add_argument("notebooks", nargs="*")
    c.add_argument("-j", "--jobs", type=int, default=1)
    g = sub.add_parser("grade", help="grade every SUBMISSIONS/<submission>/**/*.ipynb")
    g.add_argument("submissions")
    g.add_argument("out")
    g.add_argument("-j", "--jobs", type=int, default=1)
    g.add_argument("--cell-timeout", type=float, default=30)
    g.add_argument("--notebook-timeout", type=float, default=300)
    args = parser.parse_args(argv)
    try:
        return check(args) if args.command == "check" else grade_folder(args)
    except Exception as error:  # noqa: BLE001 - the grader failed, not the student
        print(f"grader error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2

"""What a grading run writes: grades.csv (one row per exercise) and Gradescope's results.json.

Both graders (the notebooks' and the Flask lab's) produce ``Result`` rows and hand them
here, so a teaching assistant reads one format whatever was graded. results.json follows
Gradescope's autograder specification: a top-level ``score`` and ``tests`` with ``name``,
``score``, ``max_score`` and ``output``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One graded item of one submission: an exercise of a notebook, or a rubric line."""

    submission: str
    notebook: str
    exercise: str
    points: float
    max_points: float
    message: str


COLUMNS = [f.name for f in fields(Result)]


def write_grades_csv(path: Path, results: Iterable[Result]) -> None:
    """All rows of a run, in the column order ``COLUMNS``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(asdict(result) for result in results)


def gradescope_results(results: Iterable[Result]) -> dict:
    """One submission's rows as Gradescope's results.json document."""
    tests = [
        {
            "name": f"{r.notebook}: {r.exercise}" if r.notebook else r.exercise,
            "score": r.points,
            "max_score": r.max_points,
            "output": r.message,
        }
        for r in results
    ]
    return {"score": round(sum(t["score"] for t in tests), 4), "tests": tests}


def write_results_json(path: Path, results: Iterable[Result]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(gradescope_results(results), indent=2) + "\n", encoding="utf-8")

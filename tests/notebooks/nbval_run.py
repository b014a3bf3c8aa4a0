"""Run nbval on notebooks in a subprocess and report which code cells failed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
STUDENTS = [ROOT / "notebooks" / s.name for s in SOLUTIONS]


def nbval(paths: list[Path]) -> tuple[int, set[tuple[str, int]], str]:
    """(exit code, {(notebook path from the root, code-cell index)} that failed, output)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rf",
            "--nbval",
            "--nbval-sanitize-with",
            str(ROOT / "notebooks/sanitize.cfg"),
            *(str(path.relative_to(ROOT)) for path in paths),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    failed = {
        (name, int(cell))
        for name, cell in re.findall(r"^FAILED (\S+\.ipynb)::Cell (\d+)", result.stdout, re.M)
    }
    return result.returncode, failed, result.stdout[-4000:]


def exercise_cells(path: Path) -> set[tuple[str, int]]:
    """Exercise cells, numbered as nbval numbers them: by position among code cells."""
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    name = str(path.relative_to(ROOT))
    return {(name, i) for i, c in enumerate(code) if "exercise" in c.metadata.get("tags", [])}


def solved(student: Path, solution: Path) -> nbformat.NotebookNode:
    """The student's notebook with the solution's code typed into each exercise cell."""
    notebook = nbformat.read(student, as_version=4)
    answers = nbformat.read(solution, as_version=4).cells
    for cell, answer in zip(notebook.cells, answers, strict=True):
        if "exercise" in cell.metadata.get("tags", []):
            cell.source = answer.source
    return notebook

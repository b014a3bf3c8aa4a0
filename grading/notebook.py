"""What the grader reads from notebooks: exercise headers, points, and a submission's code.

Exercise N is a code cell tagged ``exercise`` whose first line reads
``# Exercise N (P points): Title``. A submission's exercise cells are matched by order
with those of the notebook of the same name in solutions/; only their source counts,
never what the submission stored as outputs.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
HEADER = re.compile(r"^# Exercise (\d+) \((\d+(?:\.\d+)?) points?\): (.+)$")


@dataclass(frozen=True)
class Exercise:
    number: int
    points: float
    title: str
    cell_index: int  # position of the cell in the solution notebook
    solution: str  # the reference code (run after the check, so later cells see its state)

    @property
    def label(self) -> str:
        """The title as the notebook shows it."""
        return f"Exercise {self.number}: {self.title}"


def is_exercise(cell) -> bool:
    return cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", [])


def exercises(solution: nbformat.NotebookNode) -> list[Exercise]:
    found = []
    for index, cell in enumerate(solution.cells):
        if is_exercise(cell):
            match = HEADER.match(cell.source.splitlines()[0] if cell.source else "")
            if not match:
                raise ValueError(f"cell {index}: header must read '# Exercise N (P points): Title'")
            number, points, title = match.groups()
            found.append(Exercise(int(number), float(points), title, index, cell.source))
    return found


def submitted_code(submission: nbformat.NotebookNode, count: int) -> list[str | None]:
    """The source of each exercise cell, by order; None where the submission has fewer.

    Cells keep their tag in Jupyter; a submission that lost its tags falls back to the
    cells whose first line starts with ``# Exercise``.
    """
    cells = [c for c in submission.cells if is_exercise(c)] or [
        c
        for c in submission.cells
        if c.cell_type == "code" and c.source.lstrip().startswith("# Exercise")
    ]
    sources: list[str | None] = [c.source for c in cells[:count]]
    return sources + [None] * (count - len(sources))


def assigned_names(source: str) -> list[str]:
    """Top-level names a cell binds: cleared before a student's cell runs, so a name left
    over from an earlier cell cannot stand in for what the student was asked to define."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: set[str] = set()
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    comprehensions = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, scopes):
            names.add(getattr(node, "name", ""))
            continue  # names bound inside belong to that scope
        if isinstance(node, comprehensions):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        pending.extend(ast.iter_child_nodes(node))
    names.discard("")
    return sorted(names)


def solution_for(notebook: Path) -> Path:
    return SOLUTIONS / notebook.name

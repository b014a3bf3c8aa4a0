"""Generate notebooks/ (for students) from solutions/ (complete): ``make student-notebooks``.

Each cell tagged ``exercise`` keeps its header (``# Exercise N (P points): Title``) and
gets a stub that only prints that the exercise is not solved yet: it defines nothing and
raises nothing, so "Restart Kernel and Run All" runs to the end and every cell that does
not depend on an exercise still runs. The solution's output for the example moves into
the task's markdown cell, where running the stub cannot overwrite it; the grade never
compares it (``make check-exercises`` runs hidden checks that call the student's code
with other inputs).
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = "**Expected output** of the example (the grade does not compare it: the checks call your code with other inputs):"  # noqa: E501


def stub(header: str, number: str, title: str, notebook: str) -> str:
    message = (
        f"Exercise {number} ({title}) is not solved yet: replace this cell's code with yours, "
        f"run it, then `make check-exercises NOTEBOOK=notebooks/{notebook}`."
    )
    chunks = textwrap.wrap(message, 88, drop_whitespace=False)
    body = "\n".join(f"    {json.dumps(chunk, ensure_ascii=False)}" for chunk in chunks)
    return f"{header}\nprint(\n{body}\n)"  # formatted as ruff formats cells


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")


def student_version(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    notebook = nbformat.from_dict(solution)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "exercise" not in cell.metadata.get("tags", []):
            continue
        header = cell.source.splitlines()[0]
        number, _, title = header.removeprefix("# Exercise ").partition(": ")
        shown = printed(cell).rstrip("\n")
        task = notebook.cells[index - 1]
        if shown and task.cell_type == "markdown":
            task.source += f"\n\n{EXPECTED}\n\n```text\n{shown}\n```"
        cell.source = stub(header, number.split(" ")[0], title, name)
        cell.outputs, cell.execution_count = [], None
    return notebook


def main(out_dir: Path = ROOT / "notebooks") -> None:
    out_dir.mkdir(exist_ok=True)
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        notebook = student_version(nbformat.read(path, as_version=4), path.name)
        nbformat.write(notebook, out_dir / path.name)
        print(f"wrote {out_dir / path.name}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "notebooks")

"""Generate notebooks/ (for students) from solutions/ (complete): ``make student-notebooks``.

In cells tagged ``exercise`` the code is replaced by a stub that raises, while the
solution's outputs stay in place as the expected outputs: nbval then passes a student's
notebook only where their code prints what the solution printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
STUB = 'raise NotImplementedError("exercise: write your code here, then run the cell")'


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    notebook = nbformat.from_dict(solution)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []):
            task = [line for line in cell.source.splitlines() if line.startswith("# Exercise")]
            cell.source = "\n".join([*task[:1], STUB])  # formatted as ruff formats cells
    return notebook


def main(out_dir: Path = ROOT / "notebooks") -> None:
    out_dir.mkdir(exist_ok=True)
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        notebook = student_version(nbformat.read(path, as_version=4))
        nbformat.write(notebook, out_dir / path.name)
        print(f"wrote {out_dir / path.name}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "notebooks")

"""The solution notebooks run top to bottom and reproduce their saved outputs (nbval)."""

import re
import sys

import nbformat
from nbval_run import ROOT, SOLUTIONS, nbval

sys.path.insert(0, str(ROOT / "scripts"))
from make_student_notebooks import main as make_students  # noqa: E402

from grading.notebook import HEADER  # noqa: E402


def test_every_solution_notebook_passes_nbval():
    code, failed, output = nbval(SOLUTIONS)
    assert code == 0 and not failed, output


def test_student_notebooks_are_generated_from_the_solutions(tmp_path):
    make_students(tmp_path)
    for solution in SOLUTIONS:
        fresh = nbformat.read(tmp_path / solution.name, as_version=4)
        committed = nbformat.read(ROOT / "notebooks" / solution.name, as_version=4)
        assert committed == fresh, "run `make student-notebooks` (or `make solutions`)"


def test_every_solution_numbers_its_exercises_with_points_and_stops_its_services():
    for solution in SOLUTIONS:
        cells = nbformat.read(solution, as_version=4).cells
        exercises = [c for c in cells if "exercise" in c.metadata.get("tags", [])]
        assert exercises, solution.name
        headers = [HEADER.match(c.source.splitlines()[0]) for c in exercises]
        assert all(headers), solution.name  # "# Exercise N (P points): Title"
        assert [int(h[1]) for h in headers] == list(range(1, len(headers) + 1)), solution.name
        assert cells[-1].source.startswith("stop_all()"), solution.name


def test_the_readme_lists_every_notebook():
    readme = (ROOT / "notebooks" / "README.md").read_text()
    for solution in SOLUTIONS:
        assert f"`{solution.stem}`" in readme, solution.stem


def test_every_solution_has_goals_a_timed_core_and_a_summary_and_the_course_has_30_exercises():
    total = 0
    for solution in SOLUTIONS:
        cells = nbformat.read(solution, as_version=4).cells
        path = next((c.source for c in cells[:3] if c.source.startswith("**Learning goals.**")), "")
        assert re.search(r"\*\*Core \(\d+ min\):\*\*", path), solution.name
        assert "**Going further (optional):**" in path, solution.name
        ends = [c.source for c in cells[-4:] if c.cell_type == "markdown"]
        assert any(s.startswith(("## Check yourself", "## What to")) for s in ends), solution.name
        total += sum("exercise" in c.metadata.get("tags", []) for c in cells)
    assert total >= 30, total

"""The checks' contract without kernels: every exercise has a check, every topic file is
loaded, verdicts carry points and messages, and a submission's cells are found by tag."""

from __future__ import annotations

import nbformat
import pytest
from submissions import SOLUTIONS

from grading import checks
from grading.notebook import assigned_names, exercises, submitted_code


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda path: path.stem)
def test_every_exercise_of_every_solution_has_exactly_its_hidden_check(solution):
    numbers = [e.number for e in exercises(nbformat.read(solution, as_version=4))]
    assert sorted(checks.load(solution.stem)) == numbers


def test_a_notebooks_topic_files_are_loaded_with_its_own(tmp_path, monkeypatch):
    (tmp_path / "09_x.py").write_text(
        "from grading.api import check, expect\n\n@check(1)\ndef one(ns, out):\n"
        "    expect(ns['a'] == 1, 'a must be 1')\n"
    )
    (tmp_path / "09_x__extra.py").write_text(
        "from grading.api import check\n\n@check(4)\ndef four(ns, out):\n    return 0.5, 'half'\n"
    )
    (tmp_path / "09_xy.py").write_text("raise SystemExit('another notebook: never loaded')\n")
    monkeypatch.setattr(checks, "HERE", tmp_path)
    assert sorted(checks.load("09_x")) == [1, 4]
    assert checks.verdict("09_x", 1, {"a": 1}, "") == {"fraction": 1.0, "message": "passed"}
    assert checks.verdict("09_x", 1, {"a": 2}, "") == {"fraction": 0.0, "message": "a must be 1"}
    assert checks.verdict("09_x", 4, {}, "") == {"fraction": 0.5, "message": "half"}
    failed = checks.verdict("09_x", 1, {}, "")  # the student's namespace lacks `a`
    assert failed["fraction"] == 0 and "KeyError" in failed["message"]
    assert sorted(checks.load("09_x")) == [1, 4]  # loading twice registers nothing twice


def test_the_names_an_answer_binds_are_those_at_the_top_level():
    source = "def f(x):\n    y = 1\n\nfor i in range(3):\n    z = [w for w in 'ab']\n"
    source += "a, (b, c) = 1, (2, 3)"
    assert assigned_names(source) == ["a", "b", "c", "f", "i", "z"]


def test_a_submissions_exercise_cells_are_found_by_tag_or_else_by_header():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("# Exercise 1 (2 points): t\nprint(1)"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("# Exercise 2 (2 points): u\nprint(2)"),
    ]
    assert submitted_code(notebook, 3) == [notebook.cells[0].source, notebook.cells[2].source, None]
    notebook.cells[1].metadata["tags"] = ["exercise"]
    assert submitted_code(notebook, 2) == ["x = 1", None]

"""The checker works both ways: unsolved exercises fail exactly there; solved ones pass."""

import nbformat
import pytest
from nbval_run import ROOT, SOLUTIONS, STUDENTS, exercise_cells, nbval, solved

# A student works inside the repository (notebooks/); var/ is git-ignored scratch space.
FILLED = ROOT / "var" / "filled-notebooks" / STUDENTS[0].name


@pytest.fixture(scope="module")
def run():
    """One nbval run (one pytest start-up): every unsolved notebook and one solved one."""
    FILLED.parent.mkdir(parents=True, exist_ok=True)
    FILLED.write_text(nbformat.writes(solved(STUDENTS[0], SOLUTIONS[0])))
    return nbval([*STUDENTS, FILLED])


def test_an_unsolved_notebook_fails_exactly_at_its_exercise_cells(run):
    code, failed, output = run
    expected = set().union(*(exercise_cells(path) for path in STUDENTS))
    assert code != 0
    assert {cell for cell in failed if not cell[0].startswith("var/")} == expected, output


def test_a_notebook_with_the_solution_typed_in_passes(run):
    code, failed, output = run
    assert not {cell for cell in failed if cell[0].startswith("var/")}, output


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda path: path.stem)
def test_every_solved_notebook_is_the_solution_itself(solution):
    """Typing the answers in gives back the solution cell for cell, outputs included:
    nbval passes it (test_solutions), so it passes every student who gets them right."""
    student = ROOT / "notebooks" / solution.name
    assert solved(student, solution) == nbformat.read(solution, as_version=4)

"""The checker works both ways: unsolved exercises fail exactly there; solved ones pass."""

import nbformat
from nbval_run import ROOT, SOLUTIONS, exercise_cells, nbval

STUDENTS = [ROOT / "notebooks" / s.name for s in SOLUTIONS]


def test_an_unsolved_notebook_fails_exactly_at_its_exercise_cells():
    code, failed, output = nbval(STUDENTS)
    expected = set().union(*(exercise_cells(path) for path in STUDENTS))
    assert code != 0
    assert failed == expected, output


def test_filling_in_the_solution_code_makes_it_pass():
    work = ROOT / "var" / "filled-notebooks"  # inside the repository, where a student works
    work.mkdir(parents=True, exist_ok=True)
    filled = []
    for solution, student in zip(SOLUTIONS, STUDENTS, strict=True):
        answers = nbformat.read(solution, as_version=4).cells
        notebook = nbformat.read(student, as_version=4)
        for cell, answer in zip(notebook.cells, answers, strict=True):
            if "exercise" in cell.metadata.get("tags", []):
                cell.source = answer.source  # what a student who solved it would have typed
        (work / student.name).write_text(nbformat.writes(notebook))
        filled.append(work / student.name)
    code, failed, output = nbval(filled)
    assert code == 0 and not failed, output

"""The Flask lab's grader: the solution scores full marks, each broken variant loses its line.

Every grading here starts the submission as a real server on loopback (the grader's own
subprocess) and calls it over HTTP, as Gradescope's run does.
"""

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from grading.lab.grade import grade
from grading.lab.rubric import RUBRIC
from grading.report import COLUMNS
from services.common.launch import ROOT

SOLUTION = ROOT / "solutions" / "flask_lab"
POINTS = {line.number: line.points for line in RUBRIC}
CREATED = (
    'return stored, 201, {"Location": url_for("predictions.read", prediction_id=stored["id"])}'
)
FEATURES_400 = '        return problem(400, \'send a JSON object: {"features"'
OLD_ROUTE = 'app.add_url_rule("/past_predictions", view_func=predictions.list_all)'

# name: the edits that break one thing, and the rubric line that must lose its points
VARIANTS = {
    "wrong-status": (
        [("predictions.py", CREATED, CREATED.replace("201", "200"))],
        2,
    ),
    "no-location": ([("predictions.py", CREATED, "return stored, 201")], 3),
    "no-persistence": (
        [
            (
                "db.py",
                "get_db().execute(SCHEMA)",
                'get_db().executescript("DROP TABLE IF EXISTS predictions;" + SCHEMA)',
            )
        ],
        10,
    ),
    "500-on-bad-input": (
        [
            (
                "predictions.py",
                "if not isinstance(body, dict):\n" + FEATURES_400,
                "if body is None:\n" + FEATURES_400,
            )
        ],
        9,
    ),
    "list-under-old-name": (
        [
            ("predictions.py", '@bp.get("")\ndef list_all', "def list_all"),
            (
                "app.py",
                "app.register_blueprint(predictions.bp)",
                "app.register_blueprint(predictions.bp)\n    " + OLD_ROUTE,
            ),
        ],
        5,
    ),
}


def by_line(results) -> dict[int, float]:
    return {int(r.exercise.split(".")[0]): r.points for r in results}


def variant(tmp_path, edits):
    folder = tmp_path / "submission"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("instance", "__pycache__"))
    for name, old, new in edits:
        text = (folder / name).read_text()
        assert text.count(old) == 1, f"the variant's edit no longer applies to {name}: {old}"
        (folder / name).write_text(text.replace(old, new))
    return folder


def test_the_solution_scores_full_marks():
    results = grade(SOLUTION)
    assert [r.message for r in results] == ["passed"] * len(RUBRIC)
    assert sum(r.points for r in results) == sum(POINTS.values()) == 100


@pytest.mark.parametrize("name", VARIANTS)
def test_a_broken_variant_loses_exactly_its_rubric_line(tmp_path, name):
    edits, broken = VARIANTS[name]
    scores = by_line(grade(variant(tmp_path, edits)))
    assert scores == {**POINTS, broken: 0.0}


def test_step_1_of_the_lab_scores_near_zero():
    results = grade(ROOT / "labs" / "flask" / "step01_hello")
    assert sum(r.points for r in results) <= 5
    assert all(r.message != "passed" for r in results if r.points == 0)


def test_an_app_that_crashes_at_start_scores_only_its_files(tmp_path):
    folder = variant(
        tmp_path, [("app.py", "def create_app(", "raise SystemExit(3)\n\n\ndef create_app(")]
    )
    scores = by_line(grade(folder))
    assert scores == {n: (p if n == 11 else 0.0) for n, p in POINTS.items()}


def test_an_app_that_hangs_at_start_is_given_up_on(tmp_path):
    folder = variant(
        tmp_path,
        [("app.py", "def create_app(", "__import__('time').sleep(600)\n\n\ndef create_app(")],
    )
    results = grade(folder, start_timeout=2)
    assert by_line(results)[1] == 0.0
    assert "was not listening after 2 s" in results[0].message
    assert "took more than 4 s" in results[-1].message  # its tests import the same app.py


def test_the_command_writes_grades_csv_and_gradescope_results_json(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "grading.lab", "--submission", str(SOLUTION), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("total 100/100")
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert list(rows[0]) == COLUMNS and len(rows) == len(RUBRIC)
    assert {row["submission"] for row in rows} == {"flask_lab"}
    results = json.loads((out / "results.json").read_text())
    assert results["score"] == 100
    assert [t["max_score"] for t in results["tests"]] == [line.points for line in RUBRIC]


def test_the_assignment_states_every_rubric_line_with_its_points():
    text = (ROOT / "labs" / "flask" / "ASSIGNMENT.md").read_text()
    for line in RUBRIC:
        assert f"| {line.number} | {line.title} | {line.points:g} |" in text


def test_the_gradescope_zip_holds_all_the_grader_needs(tmp_path):
    """Unpacked alone, as Gradescope does into /autograder/source, it grades the solution."""
    subprocess.run(["make", "--no-print-directory", "grade-lab-autograder"], cwd=ROOT, check=True)
    source = tmp_path / "source"
    with zipfile.ZipFile(ROOT / "var" / "flask-lab-autograder.zip") as archive:
        archive.extractall(source)
    assert {"setup.sh", "run_autograder"} <= {p.name for p in source.iterdir()}
    out = tmp_path / "results"
    subprocess.run(
        [sys.executable, "-m", "grading.lab", "--submission", str(SOLUTION), "--out", str(out)],
        cwd=source,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(source)},
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert json.loads((out / "results.json").read_text())["score"] == 100

"""The grader, run as an instructor runs it (``python -m grading grade``) on real kernels and
real services: stored outputs never count, hard-coded prints score nothing, one broken
exercise costs only itself, and concurrent gradings share nothing."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest
from nbclient import NotebookClient
from submissions import ROOT, build, write_folder

from grading import notebook as reference

STEMS = ["01_http_anatomy", "04_authentication", "11_reading_the_benchmark"]

# Gradescope's documented results.json shape (the fields this grader writes)
RESULTS_SCHEMA = {
    "type": "object",
    "required": ["score", "tests"],
    "properties": {
        "score": {"type": "number"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "score", "max_score", "output"],
                "properties": {
                    "name": {"type": "string"},
                    "score": {"type": "number"},
                    "max_score": {"type": "number"},
                    "output": {"type": "string"},
                },
            },
        },
    },
}


def grade(submissions: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "grading", "grade", *flags, str(submissions), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def rows(out: Path) -> list[dict]:
    with (out / "grades.csv").open() as table:
        return list(csv.DictReader(table))


def score(table, submission, notebook=None):
    mine = [r for r in table if r["submission"] == submission]
    mine = [r for r in mine if notebook in (None, r["notebook"])]
    return sum(float(r["points"]) for r in mine), sum(float(r["max_points"]) for r in mine)


@pytest.fixture(scope="module")
def four_kinds(tmp_path_factory):
    """Four submissions (wrong, typed-run, typed-not-run, hard-coded) of three notebooks,
    graded once with -j 2 (12 notebooks, about a minute on 2 idle cores)."""
    folder = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("out")
    write_folder(folder, STEMS)
    done = grade(folder, out, "-j", "2")
    return done, out


@pytest.mark.timeout(1200)
def test_the_four_kinds_of_submission_score_as_they_should(four_kinds):
    done, out = four_kinds
    assert done.returncode == 0, done.stderr
    table = rows(out)
    for stem in STEMS:
        got, best = score(table, "typed-run", stem)
        assert best > 0 and got == best, (stem, [r for r in table if r["notebook"] == stem])
        assert score(table, "typed-not-run", stem) == (best, best), stem
        assert score(table, "wrong", stem)[0] == 0, [r for r in table if r["notebook"] == stem]
        assert score(table, "hard-coded", stem)[0] == 0, [r for r in table if r["notebook"] == stem]


@pytest.mark.timeout(1200)
def test_outputs_agree_results_json_is_gradescopes_shape_and_sums_match(four_kinds):
    done, out = four_kinds
    table = rows(out)
    assert list(table[0]) == [
        "submission",
        "notebook",
        "exercise",
        "points",
        "max_points",
        "message",
    ]
    summary = {
        (r["submission"], r["notebook"]): r for r in csv.DictReader((out / "summary.csv").open())
    }
    for submission in ("wrong", "typed-run", "typed-not-run", "hard-coded"):
        results = json.loads((out / submission / "results.json").read_text())
        jsonschema.validate(results, RESULTS_SCHEMA)
        got, best = score(table, submission)
        assert results["score"] == pytest.approx(got)
        assert len(results["tests"]) == len([r for r in table if r["submission"] == submission])
        total = summary[(submission, "TOTAL")]
        assert (float(total["points"]), float(total["max_points"])) == pytest.approx((got, best))
        printed = re.search(rf"^{submission}\s+TOTAL\s+(\S+)\s+(\S+)$", done.stdout, re.M)
        assert printed and (float(printed[1]), float(printed[2])) == pytest.approx((got, best))
        feedback = (out / submission / "feedback.md").read_text()
        assert f"**Total: {got:g}/{best:g}**" in feedback
    assert re.search(r"^\[12/12\] ", done.stdout, re.M), done.stdout  # progress on the folder


# a wrong answer per exercise, each failing its check for the reason the exercise teaches
WRONG_FOR = {
    ("02_status_codes", "Exercise 2"): "with the current ETag the server answers 304",
    ("03_rest_design", "Exercise 4"): "the retry must carry the same Idempotency-Key",
    ("03_rest_design", "Exercise 5"): "send the ETag you read in If-Match",
    ("09_genai_gateway", "Exercise 4"): "the rule should not match inside 'we remodel it'",
    ("09_genai_gateway", "Exercise 5"): "should give None, got 40000.0",
}


@pytest.mark.timeout(1200)
def test_wrong_answers_of_the_web_and_gateway_notebooks_score_nothing_and_say_why(tmp_path):
    """Run and saved with the expected output, as in four_kinds, on the other notebooks."""
    folder, out = tmp_path / "submissions", tmp_path / "out"
    write_folder(folder, sorted({stem for stem, _ in WRONG_FOR}), ["wrong", "typed-run"])
    done = grade(folder, out, "-j", "2")
    assert done.returncode == 0, done.stderr
    table = rows(out)
    for stem in {stem for stem, _ in WRONG_FOR}:
        got, best = score(table, "typed-run", stem)
        assert best > 0 and got == best, [r for r in table if r["notebook"] == stem]
        assert score(table, "wrong", stem)[0] == 0, [r for r in table if r["notebook"] == stem]
    messages = {
        (r["notebook"], r["exercise"].split(":")[0]): r["message"]
        for r in table
        if r["submission"] == "wrong"
    }
    for exercise, reason in WRONG_FOR.items():
        assert reason in messages[exercise], (exercise, messages[exercise])


def _with(stem: str, codes: dict[int, str]) -> nbformat.NotebookNode:
    """The solution typed in, with some exercises (by order, 0-based) replaced."""
    notebook = build("typed-not-run", ROOT / "solutions" / f"{stem}.ipynb")
    cells = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]
    for k, code in codes.items():
        cells[k].source = cells[k].source.splitlines()[0] + "\n" + code
    return notebook


def _leftovers() -> list[str]:
    """Processes still running in a grading run's private directory (none may outlive it)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"{ROOT}/var/grading-runs/".encode() in environ.read_bytes():  # this checkout's
                status = (environ.parent / "status").read_text().splitlines()[2]
                command = (environ.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                found.append(f"{environ.parent.name} {status} {command[:120].decode()}")
        except OSError:
            continue
    return found


@pytest.mark.timeout(600)
def test_a_hang_an_exit_and_a_flood_cost_only_their_own_exercise(tmp_path):
    flood = "for _ in range(200_000):\n    print('x' * 100)"
    (tmp_path / "hang").mkdir()
    nbformat.write(
        _with("11_reading_the_benchmark", {0: "while True:\n    pass", 1: flood}),
        tmp_path / "hang" / "11_reading_the_benchmark.ipynb",
    )
    (tmp_path / "exit").mkdir()
    nbformat.write(
        _with("01_http_anatomy", {0: "import os\n\nos._exit(1)"}),
        tmp_path / "exit" / "01_http_anatomy.ipynb",
    )
    done = grade(tmp_path, tmp_path / "out", "--cell-timeout", "8")
    assert done.returncode == 0, done.stderr
    table = rows(tmp_path / "out")
    points = {
        (r["submission"], r["exercise"][:10]): (float(r["points"]), r["message"]) for r in table
    }
    assert (
        points["hang", "Exercise 1"][0] == 0
        and "longer than 8 s" in points["hang", "Exercise 1"][1]
    )
    assert (
        points["hang", "Exercise 2"][0] == 0
        and "printed more than" in points["hang", "Exercise 2"][1]
    )
    assert points["hang", "Exercise 3"][0] == 2, points
    assert points["exit", "Exercise 1"][0] == 0 and "kernel died" in points["exit", "Exercise 1"][1]
    assert points["exit", "Exercise 2"][0] == 2, points  # a new kernel, services started again
    assert _leftovers() == []


SPY = """import os
import requests
import time

mine = requests.post(f"{rest.url}/predictions", json={"model_id": "iris", "features": [1, 2, 3, 4]})
time.sleep(6)  # the other submission runs meanwhile
seen = requests.get(f"{rest.url}/predictions", params={"page_size": 1000}).json()["predictions"]
raise RuntimeError(f"{rest.port} {os.environ['HOME']} {os.getcwd()} {[p['id'] for p in seen]} "
                   f"{mine.json()['id']}")"""


@pytest.mark.timeout(600)
def test_two_submissions_graded_at_once_share_no_service_database_or_directory(tmp_path):
    for name in ("ann", "bob"):
        (tmp_path / name).mkdir()
        nbformat.write(
            _with("01_http_anatomy", {0: SPY}), tmp_path / name / "01_http_anatomy.ipynb"
        )
    done = grade(tmp_path, tmp_path / "out", "-j", "2")
    assert done.returncode == 0, done.stderr
    spied = {}
    for row in rows(tmp_path / "out"):
        if row["exercise"].startswith("Exercise 1"):
            port, home, cwd, seen, mine = re.search(
                r"RuntimeError: (\d+) (\S+) (\S+) (\[.*\]) (\S+)$", row["message"]
            ).groups()
            spied[row["submission"]] = port, home, cwd, seen, mine
    ann, bob = spied["ann"], spied["bob"]
    assert ann[0] != bob[0] and ann[1] != bob[1] and ann[2] != bob[2]
    assert ann[4] in ann[3] and ann[4] not in bob[3] and bob[4] not in ann[3]
    others = [  # every exercise after the spying one was still graded, and passed
        r
        for r in rows(tmp_path / "out")
        if r["submission"] == "ann" and not r["exercise"].startswith("Exercise 1")
    ]
    assert others and all(float(r["points"]) == float(r["max_points"]) for r in others), others


@pytest.mark.timeout(600)
def test_an_unsolved_notebook_fails_exactly_at_its_exercises_and_says_so(tmp_path):
    """The student notebooks as generated, graded with the student's command."""
    notebooks = [
        ROOT / "notebooks" / f"{stem}.ipynb"
        for stem in ("01_http_anatomy", "11_reading_the_benchmark")
    ]
    done = subprocess.run(
        [sys.executable, "-m", "grading", "check", *map(str, notebooks)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    lines = [line for line in lines if not line.startswith("total")]
    expected = []
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if "exercise" in cell.metadata.get("tags", []):
                header = cell.source.splitlines()[0].removeprefix("# ")
                expected.append(re.sub(r" \(\d+ points?\)", "", header))
    assert len(lines) == len(expected), done.stdout
    for line, label in zip(lines, expected, strict=True):
        assert line.startswith(f"FAIL {label} (0/") and "not solved yet" in line, (line, label)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("stem", ["01_http_anatomy", "07_streaming", "11_reading_the_benchmark"])
def test_run_all_on_an_unsolved_notebook_reaches_the_end(stem, tmp_path):
    """Restart Kernel and Run All: no cell raises, each stub says what to do, the last runs."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    for cell in notebook.cells:
        if "exercise" in cell.metadata.get("tags", []):
            number = cell.source.split()[2]
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert text.startswith(f"Exercise {number} (") and "is not solved yet" in text
    assert notebook.cells[-1].execution_count is not None


@pytest.mark.timeout(300)
def test_past_the_notebooks_time_limit_the_rest_is_not_graded_and_nothing_is_left(tmp_path):
    (tmp_path / "slow").mkdir()
    endless = _with("11_reading_the_benchmark", {0: "import time\n\ntime.sleep(3600)"})
    nbformat.write(endless, tmp_path / "slow" / "11_reading_the_benchmark.ipynb")
    done = grade(tmp_path, tmp_path / "out", "--notebook-timeout", "25")  # cells: 30 s
    assert done.returncode == 0, done.stderr
    messages = [r["message"] for r in rows(tmp_path / "out")]
    assert "was stopped" in messages[0] and "notebook's time" in messages[0], messages
    exercises = len(reference.exercises(endless))
    assert all("ran over 25 s" in m for m in messages[1:]) and len(messages) == exercises, messages
    assert _leftovers() == []

"""The Postman collection, run by newman against real servers: each folder on its own step.

newman comes from labs/flask/package-lock.json (`make lab-newman`, run here if needed),
so the collection is checked against the apps on every run and cannot drift.
"""

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from readme_steps import Step, start_server, steps, stop

from services.common.launch import ROOT, free_port

COLLECTION = ROOT / "labs" / "flask" / "postman" / "flask-lab.postman_collection.json"
NEWMAN = ROOT / "labs" / "flask" / "node_modules" / ".bin" / "newman"
FOLDERS = [folder["name"] for folder in json.loads(COLLECTION.read_text())["item"]]
SOLUTION = Step("Assignment", server="flask --app solutions/flask_lab/app.py run --port 5000")


@pytest.fixture(scope="module")
def newman() -> Path:
    subprocess.run(["make", "--no-print-directory", "lab-newman"], cwd=ROOT, check=True)
    return NEWMAN


def pm_tests(folder: str) -> int:
    """How many pm.test(...) the folder's scripts hold: each must have run and passed."""
    (items,) = [
        f["item"] for f in json.loads(COLLECTION.read_text())["item"] if f["name"] == folder
    ]
    lines = [
        line
        for item in items
        for event in item.get("event", [])
        for line in event["script"]["exec"]
    ]
    return sum(line.count("pm.test(") for line in lines)


def server_for(folder: str) -> Step:
    """The README's step a folder is named after ("Step 5: ..."), or the solution."""
    if folder == "Assignment":
        return SOLUTION
    prefix = folder.split(":")[0] + ":"
    return next(step for step in steps() if step.title.startswith(prefix))


def test_the_collection_is_postman_v2_1_with_a_folder_per_step_and_the_assignment():
    document = json.loads(COLLECTION.read_text())
    assert document["info"]["schema"].endswith("/collection/v2.1.0/collection.json")
    assert FOLDERS == [
        "Step 1: hello",
        "Step 5: HTTP methods",
        "Step 7: the model",
        "Step 12: errors",
        "Assignment",
    ]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_request_of_the_folder_passes_its_tests(newman, folder):
    step = server_for(folder)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp, (Path(tmp) / "server.log").open("w+") as log:
        server = start_server(step, port, Path(tmp), log)
        try:
            report = Path(tmp) / "report.json"
            run = subprocess.run(
                [
                    str(newman),
                    "run",
                    str(COLLECTION),
                    "--folder",
                    folder,
                    "--env-var",
                    f"baseUrl=http://127.0.0.1:{port}",
                    "--reporters",
                    "cli,json",
                    "--reporter-json-export",
                    str(report),
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            stop(server)
        stats = json.loads(report.read_text())["run"]["stats"]
    assert run.returncode == 0, run.stdout[-3000:]
    assert stats["assertions"] == {"total": pm_tests(folder), "pending": 0, "failed": 0}
    assert stats["requests"]["failed"] == 0

"""`make bench && make test` passes: notebook 11 reads a pinned run that a new run leaves alone.

`make bench` replaces results/latest/; notebook 11 and its committed outputs come from
results/reference/, which only `make bench-reference` rewrites. Proved without running
the benchmark: a fake run with other numbers in every figure is published, as
`make bench` publishes, into a copy of the repository's layout, and nbval runs notebook
11 there. A copy of the notebook that reads latest/ instead is the control: it fails.
"""

import json
import re
import shutil
import subprocess
import sys

from waits import scaled

from benchmarks import reference, run
from services.common.launch import ROOT

NOTEBOOK = ROOT / "solutions" / "11_reading_the_benchmark.ipynb"
REFERENCE = ROOT / "benchmarks" / "results" / "reference"


def fake_run(out):
    """The reference run with every decimal figure multiplied by 1.37: a run on another day."""
    out.mkdir(parents=True)
    for path in REFERENCE.iterdir():
        text = re.sub(r"\d+\.\d+", lambda m: f"{float(m[0]) * 1.37:.3f}", path.read_text())
        (out / path.name).write_text(text)
    return out


def snapshot(folder) -> dict:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_new_run_replaces_latest_and_leaves_the_reference_alone(tmp_path):
    results = tmp_path / "results"
    shutil.copytree(REFERENCE, results / "reference")
    before = snapshot(results / "reference")
    latest = run.publish(fake_run(results / "20990101-000000"), {"finished": "2099"}, results)
    assert latest == results / "latest"
    assert json.loads((latest / "run.json").read_text()) == {"finished": "2099"}
    assert (latest / "summary.csv").read_text() != (REFERENCE / "summary.csv").read_text()
    assert snapshot(results / "reference") == before


def test_bench_reference_pins_the_figures_of_the_latest_run(tmp_path):
    latest = fake_run(tmp_path / "latest")
    (latest / "latency.png").write_bytes(b"a chart")
    reference.pin(latest, tmp_path / "reference")
    pinned = snapshot(tmp_path / "reference")
    assert pinned == {
        name: data for name, data in snapshot(latest).items() if name != "latency.png"
    }


def test_notebook_11_still_passes_nbval_after_a_new_run(tmp_path):
    root = tmp_path / "repo"  # the notebook finds the repository as the folder with services/
    (root / "benchmarks" / "results").mkdir(parents=True)
    (root / "services").symlink_to(ROOT / "services")
    for path in (ROOT / "benchmarks").iterdir():
        if path.name != "results":
            (root / "benchmarks" / path.name).symlink_to(path)
    (root / "benchmarks" / "results" / "reference").symlink_to(REFERENCE)
    run.publish(fake_run(tmp_path / "new-run"), {}, root / "benchmarks" / "results")
    (root / "solutions").mkdir()
    shutil.copy(NOTEBOOK, root / "solutions" / "reference.ipynb")
    text = NOTEBOOK.read_text()
    reads_latest = text.replace('\\"results\\" / \\"reference\\"', '\\"results\\" / \\"latest\\"')
    assert reads_latest != text
    (root / "solutions" / "latest.ipynb").write_text(reads_latest)
    runs = {name: nbval(root, f"solutions/{name}.ipynb") for name in ("reference", "latest")}
    outputs = {name: process.communicate(timeout=scaled(600))[0] for name, process in runs.items()}
    assert runs["reference"].returncode == 0, outputs["reference"][-3000:]
    assert runs["latest"].returncode == 1, outputs["latest"][-3000:]  # the control
    assert "Notebook cell execution failed" in outputs["latest"]


def nbval(cwd, notebook) -> subprocess.Popen:
    """nbval on one notebook, started now (the two runs overlap)."""
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
        "--nbval", "--nbval-sanitize-with", str(ROOT / "notebooks/sanitize.cfg"), notebook,
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)

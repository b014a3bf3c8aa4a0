"""Each Locust user class really loads a real service: requests recorded, none failed."""

import json
import os
import subprocess
import sys

import pytest
from waits import scaled

from benchmarks.scenarios import SCENARIOS
from services.common.launch import ROOT, start

# One scenario per user class (the format sweep: one cell); the service started once each.
ONE_PER_USER = list({s.user_class: s for s in reversed(SCENARIOS)}.values())[::-1]


@pytest.fixture(scope="module")
def services():
    running = {}
    yield (
        lambda s: (
            running.get((s.service, s.env))
            or running.setdefault(
                (s.service, s.env),
                start(s.service, env=dict(s.env), ready_path=s.ready_path),
            )
        )
    )
    for service in running.values():
        service.stop()


@pytest.mark.parametrize("scenario", ONE_PER_USER, ids=lambda s: s.user_class)
def test_user_class_records_requests_without_failures(scenario, services, tmp_path):
    service = services(scenario)
    command = [
        sys.executable, "-m", "benchmarks.driver", scenario.user_class,
        scenario.host.format(address=service.address), "--server-pid", str(service.process.pid),
        "--out", str(tmp_path / "run"), "--steps", "1,2", "--seconds", "0.5", "--warmup", "0.3",
        "--repeats", "1", "--max-rate", "50", "--latency-users", "2",
    ]  # fmt: skip
    env = {**os.environ, **dict(scenario.user_env), "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=scaled(120))
    phases = json.loads((tmp_path / "run.json").read_text())
    assert [(p["kind"], p["users"]) for p in phases] == [
        ("throughput", 1),
        ("throughput", 2),
        ("latency", 2),
    ]
    for phase in phases:
        entries = phase["entries"]
        main = entries.get("last token") or max(entries.values(), key=lambda e: e["requests"])
        assert main["requests"] > 0 and main["failures"] == 0, phase
        assert main["response_bytes"] > 10  # an answer came back each time
        assert main["request_bytes"] > 0 or scenario.user_class == "HttpFloor"
    assert "Aggregated" in (tmp_path / "run_stats.csv").read_text()  # Locust's own CSV too


def test_payload_rows_are_the_datasets_rows():
    from sklearn.datasets import load_breast_cancer, load_iris

    from benchmarks.payloads import dataset_rows

    assert dataset_rows("iris") == load_iris().data.tolist()
    assert dataset_rows("breast-cancer") == load_breast_cancer().data.tolist()

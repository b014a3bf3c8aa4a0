"""Each Locust user class really loads a real service: requests recorded, none failed."""

import pytest

from benchmarks.measure import locust_summary
from benchmarks.run import SCENARIOS, run_locust
from services.common.launch import launch


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.service}-{s.user_class}")
def test_user_class_records_requests_without_failures(scenario, tmp_path):
    """8 s, not 3: Locust's run-time timer is armed as users start, and on a fresh clone
    the first imports (compiling .pyc files) can block its event loop for seconds."""
    with launch(
        scenario.service, env=dict(scenario.env), ready_path=scenario.ready_path
    ) as service:
        locust = run_locust(scenario.user_class, scenario.host_for(service), 8, 2, tmp_path / "run")
        assert locust.wait(timeout=60) == 0, locust.stderr.read()
    summary = locust_summary(tmp_path / "run_stats.csv")
    assert summary["requests"] > 10
    assert summary["failures"] == 0
    assert summary["response_bytes"] > 10  # an answer came back each time


def test_locust_summary_reads_the_aggregated_row(tmp_path):
    stats = tmp_path / "x_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "POST,/predictions,100,1,4,5,1,30,217,50.5,0.5,4,5,5,6,7,9,12,20,30,30,30\n"
        ",Aggregated,100,1,4,5,1,30,217,50.5,0.5,4,5,5,6,7,9,12,20,30,30,30\n"
    )
    assert locust_summary(stats) == {
        "requests": 100,
        "failures": 1,
        "rps": 50.5,
        "p50_ms": 4.0,
        "p95_ms": 9.0,
        "p99_ms": 20.0,
        "response_bytes": 217.0,
    }


def test_payload_rows_are_the_datasets_rows():
    from sklearn.datasets import load_breast_cancer, load_iris

    from benchmarks.payloads import dataset_rows

    assert dataset_rows("iris") == load_iris().data.tolist()
    assert dataset_rows("breast-cancer") == load_breast_cancer().data.tolist()


@pytest.mark.parametrize(
    ("server", "client", "starts"),
    [(95, 40, "server saturated"), (95, 90, "client-bound"), (60, 50, "neither saturated")],
)
def test_a_run_is_labelled_by_what_limited_it(server, client, starts):
    from benchmarks.run import verdict

    assert verdict(server, client).startswith(starts)

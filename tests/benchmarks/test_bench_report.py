"""The report generator on a small fixture: medians, spreads, verdicts, CSV, charts, Markdown."""

import pytest

from benchmarks import charts, report, report_md, soak_report
from benchmarks.scenarios import SCENARIOS

SCENARIO = {s.key: s for s in SCENARIOS}


def entry(requests, p50, p99, server_ms=None):
    return {
        "requests": requests, "failures": 0, "rps": requests / 2, "p50_ms": p50,
        "p95_ms": (p50 + p99) / 2, "p99_ms": p99, "request_bytes": 54.0,
        "response_bytes": 218.0, "server_ms": server_ms,
    }  # fmt: skip


def phases(rps_by_repeat, server_cpu=97, client_cpu=40):
    """Per repeat: a 1-user and a 4-user throughput step, then a latency run."""
    out = []
    for repeat, rps in enumerate(rps_by_repeat, 1):
        for users, share in ((1, 0.5), (4, 1.0)):
            out.append({"kind": "throughput", "repeat": repeat, "users": users,
                        "entries": {"/predictions": entry(int(rps * share * 2), 2, 9)},
                        "server_cpu_pct": server_cpu, "client_cpu_pct": client_cpu})  # fmt: skip
        out.append({"kind": "latency", "repeat": repeat, "users": 8,
                    "entries": {"/predictions": entry(600, 1.0 + repeat, 5.0 * repeat, 0.5)},
                    "server_cpu_pct": 30, "client_cpu_pct": 10})  # fmt: skip
    return out


def test_a_row_is_the_median_of_the_repeats_with_their_spread():
    row = report.scenario_row(SCENARIO["fastapi-predict"], phases([1000, 1400, 1200]), None)
    assert (row["throughput_rps"], row["throughput_rps_min"], row["throughput_rps_max"]) == (
        1200,
        1000,
        1400,
    )
    assert row["users_at_best"] == 4
    assert (row["p50_ms"], row["p99_ms"], row["p99_ms_min"], row["p99_ms_max"]) == (3, 10, 5, 15)
    assert row["server_ms"] == 0.5 and row["protocol_overhead_ms"] == 2.5
    assert row["verdict"] == "server saturated" and row["failures"] == 0


@pytest.mark.parametrize(
    ("server", "client", "ceiling", "starts"),
    [
        (97, 40, 1250, "server saturated"),
        (97, 40, 2000, "invalid: Locust reached 0.60 of the ceiling"),
        (97, 90, None, "invalid: client-bound"),
        (60, 40, None, "invalid: server not saturated"),
    ],
)
def test_the_verdict_names_what_limited_the_run(server, client, ceiling, starts):
    measured = {"tool": "wrk", "rps": ceiling} if ceiling else None
    row = report.scenario_row(
        SCENARIO["fastapi-predict"], phases([1200] * 3, server, client), measured
    )
    assert row["verdict"].startswith(starts)


def test_a_throughput_with_no_answer_in_its_window_is_not_a_saturated_server():
    """XML × 10,000: each answer takes longer than the window; 0 req/s is no figure."""
    row = report.scenario_row(SCENARIO["batch-xml-10000"], phases([0] * 3), None)
    assert row["throughput_rps"] == 0 and row["verdict"] == report.NO_ANSWER


def test_csv_charts_and_report_from_the_rows(tmp_path):
    rows = [
        report.scenario_row(SCENARIO[key], phases([900, 1000, 1100]), None)
        for key in ("floor-tcp", "fastapi-predict", "grpc-predict", "batch-json-100")
    ]
    report.write_csv(tmp_path / "summary.csv", rows)
    assert report.read_csv(tmp_path / "summary.csv")[1]["throughput_rps"] == 1000
    charts.draw_all(rows, tmp_path)
    for name in ("latency", "throughput", "payload_bytes", "batch_latency"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000, name
    predict = [
        {"model_id": "iris", "numpy_floor_us": 8.0, "domain_predict_us": 15.0,
         "sklearn_predict_proba_us": 230.0}
    ]  # fmt: skip
    text = report_md.report_markdown(rows, predict, {"seconds": 1.5}, 60)
    assert "| FastAPI · POST /predictions | 1,000 [900–1,100] | – | – | 97 | 40 |" in text
    assert "| JSON | 100 | 54 |" in text  # the format table
    assert "The model itself costs 15 µs a row" in text
    assert "![latency](results/latest/latency.png)" in text


def test_the_soak_section_reads_back_the_soak_csvs(tmp_path):
    assert soak_report.report_section(tmp_path, "SOAK.md") == []  # no soak yet: no section
    (tmp_path / "requests.csv").write_text(
        "protocol,service,requests,failed,req_per_s,acknowledged,stored,lost\n"
        "REST Flask POST /predictions,flask_rest,300,0,10.0,300,299,1\n"
        "gRPC Predict,grpc_service,500,2,16.7,,,\n"
    )
    (tmp_path / "rss.csv").write_text(
        "seconds,service,rss_mb\n0.0,flask_rest,100.0\n0.0,grpc_service,80.0\n"
        "30.0,flask_rest,101.4\n30.0,grpc_service,79.6\n"
    )
    section = soak_report.report_section(tmp_path, "SOAK.md")
    assert "`make soak`: 30 s of load on two services side by side. A failure is any" in section
    assert "| REST Flask POST /predictions | 300 | 0 | 300 | 299 | 1 | 100 → 101 |" in section
    assert "| gRPC Predict | 500 | 2 | — | — | — | 80 → 80 |" in section
    assert section[-1] == "Details and the memory chart: [SOAK.md](SOAK.md)."


def test_the_same_prediction_is_charted_when_the_run_measured_it(tmp_path):
    kinds = ["batch_json_1", "batch_protobuf_1", "hypercorn_protobuf_1", "grpc_batch"]
    studies = {
        "same_prediction": [{"kind": k, "rps": 1000.0 + 500 * i} for i, k in enumerate(kinds)]
    }
    rows = [report.scenario_row(SCENARIO["floor-tcp"], phases([900, 1000, 1100]), None)]
    charts.draw_all(rows, tmp_path, studies)
    assert (tmp_path / "same_prediction.png").stat().st_size > 10_000
    (without := tmp_path / "without").mkdir()
    charts.draw_all(rows, without)
    assert not (without / "same_prediction.png").exists()  # no study, no chart

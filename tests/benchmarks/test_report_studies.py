"""REPORT.md's study sections: the ratios it prints are the ones the figures give."""

import pytest

from benchmarks import report_formats, report_studies, rest_layers
from benchmarks.report_reading import study_bullets
from benchmarks.rest_layers import STORE

LAYERS = {"body_us": 2.0, "domain_us": 15.0, "store_us": 40.0, "answer_us": 1.0}
STUDIES = {
    "rest": [
        {"service": "flask_rest", "healthz_rps": 4000.0, "predict_rps": 3000.0,
         "ratio": 0.75, "server_cpu_percent": 99.0, "errors": 0},
        {"service": "plain_flask", "healthz_rps": 5000.0, "predict_rps": 4000.0,
         "ladder_domain_rps": 3200.0, "ladder_store_rps": 2500.0,
         "ratio": 0.8, "server_cpu_percent": 99.0, "errors": 0},
    ],
    "rest_layers": LAYERS,
    "format_floor": [{"format": "JSON", "batch_rows": 10_000, "floor_ms": 40.0, "answer_ms": 1.0}],
    "format_routes": [
        {"format": "JSON", "batch_rows": 10_000, "route_p50_ms": 100.0, "floor_ms": 40.0,
         "transfer_p50_ms": 10.0, "answer_ms": 1.0, "route_over_floor": 2.5,
         "route_over_floor_and_transfer": 2.0},
    ],
    "same_prediction": [
        {"kind": k, "tool": "wrk", "rps": rps, "p50_ms": 1.0, "server_cpu_percent": 99,
         "client_cpu_percent": 20, "verdict": "server saturated"}
        for k, rps in (
            ("batch_json_1", 2000.0), ("batch_protobuf_1", 2200.0),
            ("hypercorn_protobuf_1", 1500.0), ("batch_protobuf_1_h2", 1100.0),
            ("grpc_batch", 6600.0),
        )
    ],
}  # fmt: skip
ROW = {
    "group": "format", "format": "JSON", "batch_rows": 10_000, "p50_ms": 300.0,
    "request_bytes": 1, "request_gzip_bytes": 1, "response_bytes": 1, "throughput_rps": 5.0,
    "verdict": "server saturated",
}  # fmt: skip


def test_the_rest_table_shows_the_ratio_and_a_ladder_that_adds_up():
    text = "\n".join(report_studies.rest_section(STUDIES))
    assert "| Flask | 4,000 | 3,000 | **0.75** | 99 | 0 |" in text
    assert "| plain Flask app (parse, predict, 201) | 5,000 | 4,000 | **0.80** | 99 | 0 |" in text
    assert "| | Flask |" in text  # the layers are the service's, not the plain app's
    # 1e6/3000 - 1e6/4000 = 83.3 µs added; the plain app's rungs: 200 → 250 → 312.5 → 400
    assert "| difference: what the POST adds | 83.3 |" in text
    assert "(plain app) | 50.0 |" in text and "(+ our domain) | 62.5 |" in text
    assert f"| {STORE} | 87.5 |" in text
    # 83.3 - (400 - 200): the service adds less than the ladder, so the rest is negative
    assert "| … the rest: our middleware, dependencies, ETag, Location | -117 |" in text
    prose = " ".join(text.split())  # a paragraph is wrapped wherever its figures fall
    assert "40.0 µs a row with 16 threads" in prose and "against 87.5 µs" in prose


def test_the_format_table_shows_the_c_clients_route_against_both_floors():
    line = report_formats.format_table([ROW], STUDIES)[2]
    # wrk's 100 ms over the 40 ms floor; over floor + 10 ms of HTTP; Locust's 300 ms apart
    assert "| 100 | 40.000 | 10.000 | 2.5 | 2.0 | 1.000 | 300 |" in line


def test_the_bullets_compare_encoding_and_transport_one_at_a_time():
    text = "\n".join(study_bullets(STUDIES))
    assert "Flask 3,000 against 4,000 req/s (**0.75×**; a plain Flask app: 0.80×)" in text
    assert "JSON 2.5; within 3×: JSON" in text
    assert "HTTP alone takes 10.00 ms, 0.2× its floor" in text
    assert "changes 1.10×" in text and "changes 3.00×" in text
    # the same server (hypercorn), HTTP/1.1 → HTTP/2: the transport alone
    assert "over HTTP/1.1 at 1,500 req/s and over HTTP/2 at 1,100" in text
    assert "changes 0.73×, so HTTP/2 by itself does not make this server faster" in text


def test_the_grpc_table_lists_each_step_of_the_decomposition_in_order():
    text = "\n".join(report_studies.protocol_sections(STUDIES))
    rows = [line for line in text.splitlines() if line.startswith("| REST") or "gRPC:" in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| REST + JSON, HTTP/1.1 (FastAPI, wrk)",
        "| REST + Protobuf, HTTP/1.1 (FastAPI, wrk)",
        "| REST + Protobuf, HTTP/1.1 (FastAPI on hypercorn, wrk)",
        "| REST + Protobuf, HTTP/2 (FastAPI on hypercorn, h2load)",
        "| gRPC: Protobuf over HTTP/2 (h2load)",
    ]


def test_the_ladders_layers_add_up_to_the_difference():
    service = {"healthz_rps": 8000.0, "predict_rps": 2500.0}
    plain = {"healthz_rps": 10000.0, "predict_rps": 6000.0,
             "ladder_domain_rps": 5000.0, "ladder_store_rps": 4000.0}  # fmt: skip
    rows = rest_layers.breakdown(service, plain)
    difference = dict(rows)["difference: what the POST adds"]
    assert difference == pytest.approx(1e6 / 2500 - 1e6 / 8000)
    assert sum(us for _, us in rows[3:]) == pytest.approx(difference)
    assert dict(rows)[STORE] == pytest.approx(1e6 / 4000 - 1e6 / 5000)

"""The independent clients behind the throughput ceilings load real services, error-free."""

import shutil
import tempfile

import pytest

from benchmarks.ceilings import ceiling, parse_wrk
from benchmarks.h2load import grpc_message, parse_h2load
from services.common.launch import launch
from services.contract import prediction_pb2 as pb

KINDS = [
    ("rest_predict", "fastapi_rest", "http://{address}", {}, "/readyz"),
    ("grpc_predict", "grpc_service", "{address}", {}, None),
    ("websocket_predict", "websocket_service", "ws://{address}/ws", {}, "/readyz"),
    ("sse_generate", "sse_service", "http://{address}", {"APILAB_TOKEN_DELAY": "0"}, "/readyz"),
]


@pytest.mark.parametrize(
    ("kind", "service", "url", "env", "ready"), KINDS, ids=[k[0] for k in KINDS]
)
def test_each_ceiling_client_loads_its_route_without_errors(kind, service, url, env, ready):
    with launch(service, env=env, ready_path=ready) as running:
        result = ceiling(kind, url.format(address=running.address), seconds=1, connections=4)
    assert result["tool"] == expected_tool(kind)
    assert result["requests"] > 10 and result["errors"] == 0, result
    assert 0 < result["p50_ms"] <= result["p99_ms"] < 5000
    assert result["rps"] > 10 and result["client_cpu_percent"] > 0


def expected_tool(kind: str) -> str:
    if kind == "rest_predict" and shutil.which("wrk"):
        return "wrk"
    if kind == "grpc_predict" and shutil.which("h2load"):
        return "h2load"
    return "raw-frame client" if kind == "websocket_predict" else "asyncio"


@pytest.mark.parametrize("kind", ["grpc_predict", "grpc_batch", "grpc_generate"])
def test_grpc_bodies_are_one_length_prefixed_message_of_the_rpc(kind):
    path, body = grpc_message(kind)
    flag, length = body[0], int.from_bytes(body[1:5], "big")
    assert flag == 0 and length == len(body) - 5  # uncompressed, one message
    rpc = path.removeprefix("/prediction.PredictionService/")
    method = pb.DESCRIPTOR.services_by_name["PredictionService"].methods_by_name[rpc]
    request = getattr(pb, method.input_type.name).FromString(body[5:])
    assert request.ListFields()  # a real request, not an empty message


def test_each_ceiling_reports_the_servers_cpu(tmp_path):
    with launch("grpc_service", ready_path=None) as running:
        result = ceiling(
            "grpc_batch", running.address, seconds=1, connections=2, server_pid=running.process.pid
        )
    assert result["errors"] == 0 and result["requests"] > 10
    assert 0 < result["server_cpu_percent"] <= 200


def test_h2load_output_is_parsed_with_its_units():
    text = """finished in 3.00s, 6912.00 req/s, 743.75KB/s
requests: 20736 total, 20736 started, 20736 done, 20730 succeeded, 6 failed, 0 errored, 0 timeout
status codes: 20736 2xx, 0 3xx, 0 4xx, 0 5xx
                     min         max         mean         sd        +/- sd
time for request:      398us     54.54ms      9.25ms      2.93ms    90.00%
"""
    assert parse_h2load(text) == {
        "requests": 20736, "errors": 6, "seconds": 3.0, "rps": 6912.0,
        "p50_ms": 9.25, "p99_ms": 54.54,
    }  # fmt: skip


def test_wrk_output_is_parsed_with_its_units():
    text = """Running 2s test @ http://127.0.0.1:8000
  1 threads and 16 connections
  Latency Distribution
     50%  850.00us
     75%    9.65ms
     90%   11.26ms
     99%    1.20s
  3642 requests in 2.00s, 1.13MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   1817.79
"""
    assert parse_wrk(text) == {
        "requests": 3642, "errors": 8, "seconds": 2.0, "rps": 1817.79,
        "p50_ms": 0.85, "p99_ms": 1200.0,
    }  # fmt: skip


@pytest.mark.skipif(not shutil.which("wrk"), reason="make test installs wrk")
def test_a_batch_ceiling_sends_its_body_from_a_file_it_removes_afterwards(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the body file is written
    with launch("fastapi_rest") as running:
        before = set(tmp_path.iterdir())  # the service's own files
        result = ceiling("batch_protobuf_1", running.url, seconds=1, connections=2)
        assert set(tmp_path.iterdir()) == before
    assert result["tool"] == "wrk"
    assert result["requests"] > 10 and result["errors"] == 0, result  # the body was read


@pytest.mark.skipif(not shutil.which("h2load"), reason="make test installs h2load")
def test_a_grpc_ceiling_removes_its_body_file_too(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with launch("grpc_service", ready_path=None) as running:
        before = set(tmp_path.iterdir())
        result = ceiling("grpc_predict", running.address, seconds=1, connections=2)
        assert set(tmp_path.iterdir()) == before
    assert result["tool"] == "h2load"
    assert result["requests"] > 10 and result["errors"] == 0, result

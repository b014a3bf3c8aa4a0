"""The independent clients behind the throughput ceilings load real services, error-free."""

import shutil

import pytest

from benchmarks.ceilings import ceiling, parse_wrk
from services.common.launch import launch

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
    expected_tool = "wrk" if kind == "rest_predict" and shutil.which("wrk") else "asyncio"
    assert result["tool"] == expected_tool
    assert result["requests"] > 10 and result["errors"] == 0, result
    assert 0 < result["p50_ms"] <= result["p99_ms"] < 5000
    assert result["rps"] > 10 and result["client_cpu_percent"] > 0


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

"""SIGTERM with work in flight, on every service: what each kind of work gets, and exit 0.

A stop is graceful when a request already in flight completes, a stream that can finish
in the grace period finishes, a stream that cannot ends with a message that says so
(not a cut connection), and new work is refused at once, so a client can retry another
instance. The table below is the contract, service by service:

- "in flight": a request the server holds when the signal lands (HTTP: it has answered
  ``100 Continue``, the body follows after the signal; gRPC: a bidirectional call that
  has had its first answer; WebSocket: a predict message on a connection still open).
- "short stream" finishes normally; "long stream" would need far more than the grace
  period and ends with the protocol's own terminal message.
- "new request": a new connection. An HTTP server has closed its socket (connection
  refused); a gRPC channel reports UNAVAILABLE; the WebSocket server still completes
  the HTTP part of a handshake while it drains, to answer 503.
"""

import signal
import time

import pytest
from drain_http_clients import drain_gateway, drain_rest, drain_sse_service
from drain_socket_clients import drain_grpc_service, drain_websocket_service
from waits import scaled

from services.common.launch import start

GRACE = 2.0  # seconds (APILAB_GRACE_SECONDS); the default is 10
SLACK = scaled(3.0)  # to tear the interpreter down once the server has stopped

EXPECTED = {
    "flask_rest": {"in flight": "201", "new request": "connection refused"},
    "fastapi_rest": {"in flight": "201", "new request": "connection refused"},
    "grpc_service": {
        "in flight": "OK after 2 answers",
        "short stream": "OK after 10 tokens",
        "long stream": "UNAVAILABLE",
        "new request": "UNAVAILABLE",
    },
    "websocket_service": {
        "in flight": "prediction",
        "short stream": "done after 10 tokens, then close 1001",
        "long stream": "close 1001",
        "new work on an open connection": "error unavailable",
        "new request": "503",
    },
    "sse_service": {
        "short stream": "[DONE] after 10 tokens",
        "long stream": "event: error unavailable",
        "new request": "connection refused",
    },
    "gateway": {
        "in flight": "200",
        "short stream": "[DONE]",
        "long stream": "error service_unavailable",
        "new request": "connection refused",
    },
}
DRAIN = {
    "flask_rest": drain_rest,
    "fastapi_rest": drain_rest,
    "grpc_service": drain_grpc_service,
    "websocket_service": drain_websocket_service,
    "sse_service": drain_sse_service,
    "gateway": drain_gateway,
}
TOKEN_DELAY = "0.02"  # every streaming service generates at an LLM's pace
ENV = {
    "APILAB_GRACE_SECONDS": str(GRACE),
    "APILAB_TOKEN_DELAY": TOKEN_DELAY,
    "APILAB_GATEWAY_TOKEN_DELAY": TOKEN_DELAY,
}


@pytest.mark.parametrize("name", EXPECTED)
def test_sigterm_finishes_or_ends_work_in_flight_refuses_new_work_and_exits_zero(name):
    service = start(name, env=ENV, ready_path=None if name == "grpc_service" else "/readyz")
    signalled = []

    def sigterm():
        signalled.append(time.monotonic())
        service.process.send_signal(signal.SIGTERM)

    try:
        outcome = DRAIN[name](service, sigterm)
        code = service.process.wait(GRACE + SLACK)
        took = time.monotonic() - signalled[0]
    finally:
        service.stop()
    assert outcome == EXPECTED[name], service.log()
    assert code == 0, service.log()
    assert took < GRACE + SLACK

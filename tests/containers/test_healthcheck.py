"""``python -m services.common.healthcheck`` against real servers: 0 when ready, 1 when not."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from services.common.launch import ROOT, free_port


def healthcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "services.common.healthcheck", url, "--timeout", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )


def test_ready_fastapi_service_passes(fastapi_rest):
    result = healthcheck(f"{fastapi_rest.url}/readyz")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"ready: {fastapi_rest.url}/readyz (HTTP 200)\n"


def test_port_with_nothing_listening_fails():
    result = healthcheck(f"http://127.0.0.1:{free_port()}/readyz")
    assert result.returncode == 1
    assert result.stdout.startswith("not ready: ") and "no answer" in result.stdout


def test_unknown_path_fails(fastapi_rest):
    result = healthcheck(f"{fastapi_rest.url}/no-such-path")
    assert (result.returncode, result.stdout.split("(")[-1]) == (1, "HTTP 404)\n")


@pytest.fixture
def answering_503():
    """A real HTTP server that is up but not ready, as a service draining on SIGTERM."""

    class NotReady(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotReady)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/readyz"
    server.shutdown()
    server.server_close()


def test_service_answering_503_fails(answering_503):
    result = healthcheck(answering_503)
    assert (result.returncode, result.stdout.split("(")[-1]) == (1, "HTTP 503)\n")


@pytest.fixture
def grpc_health_server():
    """A real gRPC server with the standard health service (grpcio-health-checking)."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, f"grpc://127.0.0.1:{port}"
    server.stop(grace=None)


def test_grpc_serving_passes_and_not_serving_fails(grpc_health_server):
    servicer, url = grpc_health_server
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    assert healthcheck(url).returncode == 0
    servicer.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    result = healthcheck(url)
    assert (result.returncode, result.stdout) == (1, f"not ready: {url} (NOT_SERVING)\n")


def test_grpc_asks_about_one_named_service(grpc_health_server):
    servicer, url = grpc_health_server
    servicer.set("apilab.Prediction", health_pb2.HealthCheckResponse.SERVING)
    assert healthcheck(f"{url}/apilab.Prediction").returncode == 0
    result = healthcheck(f"{url}/no.Such")  # unknown to the server: NOT_FOUND
    assert result.returncode == 1 and "NOT_FOUND" in result.stdout


def test_grpc_with_nothing_listening_fails():
    result = healthcheck(f"grpc://127.0.0.1:{free_port()}")
    assert result.returncode == 1 and "UNAVAILABLE" in result.stdout


def test_unsupported_scheme_fails_with_1_not_2():
    result = healthcheck("ftp://127.0.0.1/readyz")
    assert result.returncode == 1  # Docker reserves 2
    assert "unsupported URL scheme 'ftp'" in result.stderr

"""Request heads that never end, or are too big, against every uvicorn service.

uvicorn (httptools) set no limit: while one client streamed an endless header line (and
reconnected whenever it was cut off), ``/healthz`` took 14-19 s for everyone else. Now
a head over 64 KiB or 100 headers is a 431, two ``Host`` headers a 400, and other
clients are answered while the attack goes on (``services/common/header_limits.py``).
"""

import contextlib
import socket
import threading
import time

import pytest
import requests

from services.common.launch import launch

UVICORN_SERVICES = ["fastapi_rest", "sse_service", "gateway"]
ATTACKERS = 2
HEALTH_CHECKS = 20
# generous: a check takes milliseconds; without the limit it took 14-19 s
SLOW = 2.0


def endless_header(port: int, stop: threading.Event, statuses: list) -> None:
    """Stream one header line forever; reconnect whenever the server hangs up."""
    chunk = b"a" * 1024
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: apilab\r\nX-Endless: ")
                while not stop.is_set():
                    sock.sendall(chunk)
        except OSError:
            pass
        statuses.append("reconnect")


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` (as much of it as the server reads) and return what comes back."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with contextlib.suppress(OSError):  # the server answered and stopped reading
            sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


@pytest.fixture(scope="module", params=UVICORN_SERVICES)
def uvicorn_service(request):
    with launch(request.param) as running:
        yield running


def test_an_endless_header_does_not_slow_other_clients(uvicorn_service):
    stop, statuses = threading.Event(), []
    attackers = [
        threading.Thread(target=endless_header, args=(uvicorn_service.port, stop, statuses))
        for _ in range(ATTACKERS)
    ]
    for attacker in attackers:
        attacker.start()
    latencies = []
    try:
        time.sleep(0.5)  # the attack is under way
        http = requests.Session()
        for _ in range(HEALTH_CHECKS):
            started = time.perf_counter()
            assert http.get(f"{uvicorn_service.url}/healthz", timeout=30).status_code == 200
            latencies.append(time.perf_counter() - started)
    finally:
        stop.set()
        for attacker in attackers:
            attacker.join(10)
    assert max(latencies) < SLOW, f"/healthz under attack: {sorted(latencies)[-3:]} s"
    assert statuses, "the attacker was never cut off"


HEAD = b"GET /healthz HTTP/1.1\r\nHost: apilab\r\n"


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(b"X-Big: " + b"a" * 1024 * 1024 + b"\r\n", id="one 1 MiB header"),
        pytest.param(b"".join(b"X-%d: a\r\n" % n for n in range(5000)), id="5000 headers"),
        pytest.param(b"X-Mid: " + b"a" * 70_000 + b"\r\n", id="a 70 kB header"),
    ],
)
def test_a_head_too_big_is_431(uvicorn_service, extra):
    answer = raw_exchange(uvicorn_service.port, HEAD + extra + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"application/problem+json" in answer
    assert requests.get(f"{uvicorn_service.url}/healthz", timeout=10).status_code == 200


def test_two_host_headers_are_400(uvicorn_service):
    answer = raw_exchange(uvicorn_service.port, HEAD + b"Host: other\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"more than one Host header" in answer


def test_heads_within_the_limits_are_served(uvicorn_service):
    headers = b"".join(b"X-%d: %s\r\n" % (n, b"b" * 500) for n in range(90))
    answer = raw_exchange(uvicorn_service.port, HEAD + headers + b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def test_head_readyz_is_allowed(uvicorn_service):
    response = requests.head(f"{uvicorn_service.url}/readyz", timeout=10)
    assert response.status_code == 200

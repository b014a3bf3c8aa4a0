"""Each service as it really runs: where it listens, and whether a secret ever shows.

Every service starts with its defaults (no ``--host``) and known secrets: API keys, the
JWT signing secret and a user's password, the gateway's key for its backend. Then a
client sends no credentials, wrong ones and right ones, and some bad requests. No
secret, and no credential a client sent (not even a wrong one), may appear in the
service's log (at debug level) or in anything a client receives.
"""

import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from credential_exchanges import (
    API_KEY,
    BACKEND_KEY,
    EXCHANGES,
    JWT_SECRET,
    PASSWORD_HASH,
    SECRETS,
)

from services.common.launch import ROOT, ServiceProcess, free_port

ENV = {
    "APILAB_API_KEYS": API_KEY,
    "APILAB_LOG_LEVEL": "debug",
    "APILAB_TOKEN_DELAY": "0",
    "PYTHONUNBUFFERED": "1",  # every log line in the file as soon as it is written
}
SERVICE_ENV = {
    "fastapi_rest": {
        "APILAB_AUTH_USERS": json.dumps(
            {"alice": {"password_hash": PASSWORD_HASH, "scopes": ["predictions:read"]}}
        ),
        "APILAB_JWT_SECRET": JWT_SECRET,
        "APILAB_ACCESS_LOG": "1",
    },
    "gateway": {
        "APILAB_GATEWAY_KEYS": json.dumps({API_KEY: {"name": "team-a"}}),
        "APILAB_GATEWAY_REST_API_KEY": BACKEND_KEY,
        "APILAB_GATEWAY_REST_URL": f"http://127.0.0.1:{free_port()}",  # down: a 503 to read
    },
}
NAMES = [
    "flask_rest",
    "fastapi_rest",
    "grpc_service",
    "websocket_service",
    "sse_service",
    "gateway",
]


def start_with_defaults(name: str, workdir: Path) -> ServiceProcess:
    """``python -m services.<name> --port N``: no ``--host``, the service picks its own."""
    port = free_port()
    env = {**os.environ, **ENV, **SERVICE_ENV.get(name, {}), "PYTHONPATH": str(ROOT)}
    env["APILAB_DB_PATH"] = str(workdir / "predictions.sqlite3")
    env.pop("APILAB_HOST", None)
    log_path = workdir / "service.log"
    with log_path.open("wb") as log:
        command = [sys.executable, "-m", f"services.{name}", "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    service = ServiceProcess(name, port, process, log_path, env)
    try:
        service.wait_ready(path=None if name == "grpc_service" else "/readyz")
    except Exception:
        service.stop()
        raise
    return service


@pytest.fixture(scope="module", params=NAMES)
def running(request, tmp_path_factory):
    service = start_with_defaults(request.param, tmp_path_factory.mktemp(request.param))
    yield service
    service.stop()


def test_it_listens_on_loopback_only(running):
    processes = [psutil.Process(running.process.pid)]
    processes += processes[0].children(recursive=True)  # gunicorn's worker
    listening = [
        c.laddr
        for p in processes
        for c in p.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert {address.port for address in listening} == {running.port}
    assert all(is_loopback(address.ip) for address in listening), listening


def is_loopback(ip: str) -> bool:
    """127.0.0.0/8 or ::1; gRPC listens on IPv6 sockets, 127.0.0.1 as ::ffff:127.0.0.1."""
    address = ipaddress.ip_address(ip)
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


def test_no_secret_in_its_log_or_in_any_answer(running):
    secrets = list(SECRETS)  # the exchanges add the credentials the service issues
    seen = EXCHANGES[running.name](running, secrets)
    log = running.log()
    leaks = [s for s in secrets if s in log or s in seen]
    assert leaks == [], (leaks, seen[:2000], log[-2000:])

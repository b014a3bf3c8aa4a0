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

import grpc
import jwt
import psutil
import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from services.common.launch import ROOT, ServiceProcess, free_port
from services.fastapi_rest.auth import hash_password
from services.grpc_service import prediction_pb2 as pb
from services.grpc_service import prediction_pb2_grpc

API_KEY = "apilab-test-key-7f3a9c1e5b"
WRONG_KEY = "apilab-wrong-key-0d4e8b2f6a"
PASSWORD = "correct-horse-battery-3c9d"
PASSWORD_HASH = hash_password(PASSWORD)
JWT_SECRET = "jwt-signing-secret-5e1f7a2b9c4d"
BACKEND_KEY = "backend-key-8b6d2f0e4a"
PASTED_SECRET = "sk-live-9d8c7b6a5f4e3d2c1b0a"  # a user pastes a key into a prompt
SECRETS = [API_KEY, WRONG_KEY, PASSWORD, PASSWORD_HASH, JWT_SECRET, BACKEND_KEY, PASTED_SECRET]

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


def http(method: str, url: str, expected: int, **kwargs) -> str:
    """One HTTP exchange: everything the client receives, as text."""
    response = requests.request(method, url, timeout=10, **kwargs)
    assert response.status_code == expected, (method, url, response.text)
    return f"{response.status_code} {dict(response.headers)} {response.text}\n"


def rest_exchanges(service, secrets, auth: dict | None = None, post_status: int = 422) -> str:
    url, wrong = service.url, {"X-API-Key": WRONG_KEY}
    right = {"X-API-Key": API_KEY} | (auth or {})
    bad_row = {"model_id": "iris", "features": [1]}
    return "".join(
        [
            http("GET", f"{url}/models", 401),
            http("GET", f"{url}/models", 401, headers=wrong),
            http("GET", f"{url}/models", 200, headers=right),
            http("GET", f"{url}/predictions/nope", 404, headers=right),
            http("POST", f"{url}/predictions", post_status, json=bad_row, headers=right),
        ]
    )


def fastapi_exchanges(service, secrets) -> str:
    token_url = f"{service.url}/token"
    seen = http("POST", token_url, 401, data={"username": "alice", "password": WRONG_KEY})
    seen += http("POST", token_url, 401, data={"username": "bob", "password": PASSWORD})
    issued = requests.post(token_url, data={"username": "alice", "password": PASSWORD}, timeout=10)
    assert issued.status_code == 200
    token = issued.json()["access_token"]
    secrets.append(token)  # a bearer token is a credential too: never logged
    claims = {"sub": "alice", "scope": "predictions:read", "exp": 2**31}
    forged = jwt.encode(claims, "not-the-signing-secret-" + WRONG_KEY)
    headers = {"X-API-Key": API_KEY} | bearer(forged)
    seen += http("GET", f"{service.url}/models", 401, headers=headers)
    # alice may read, not write: her POST is a 403
    return seen + rest_exchanges(service, secrets, auth=bearer(token), post_status=403)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def sse_exchanges(service, secrets) -> str:
    url, query = f"{service.url}/generate", {"prompt": "An API", "max_tokens": 2}
    return "".join(
        [
            http("GET", url, 401, params=query | {"api_key": WRONG_KEY}),
            http("GET", url, 401, params=query, headers={"X-API-Key": WRONG_KEY}),
            http("GET", url, 200, params=query | {"api_key": API_KEY}),  # EventSource's way
            http("POST", url, 422, json={"prompt": ""}, headers={"X-API-Key": API_KEY}),
        ]
    )


def gateway_exchanges(service, secrets) -> str:
    url = f"{service.url}/v1"

    def chat(model: str, text: str) -> dict:
        return {"model": model, "messages": [{"role": "user", "content": text}], "max_tokens": 3}

    return "".join(
        [
            http("GET", f"{url}/models", 401),
            http("GET", f"{url}/models", 401, headers=bearer(WRONG_KEY)),
            http("GET", f"{url}/models", 200, headers=bearer(API_KEY)),
            http(
                "POST",
                f"{url}/chat/completions",
                200,
                json=chat("apilab-markov", "An API"),
                headers=bearer(API_KEY),
            ),
            http(
                "POST",
                f"{url}/chat/completions",
                503,
                json=chat("iris-classifier", "1, 2, 3, 4"),
                headers=bearer(API_KEY),
            ),
            http(
                "POST",
                f"{url}/chat/completions",
                400,
                json=chat("apilab-markov", PASTED_SECRET),
                headers=bearer(API_KEY),
            ),
        ]
    )


def grpc_call(method, request, metadata) -> tuple[str, str]:
    """The status code's name, and everything the client received, as text."""
    try:
        response, call = method.with_call(request, metadata=metadata, timeout=10)
    except grpc.RpcError as error:
        return error.code().name, f"{error.code()} {error.details()} {error.trailing_metadata()}"
    return "OK", f"{response} {call.trailing_metadata()}"


def grpc_exchanges(service, secrets) -> str:
    right, wrong = (("x-api-key", API_KEY),), (("x-api-key", WRONG_KEY),)
    bad_row = pb.PredictionRequest(model_id="iris", features=[1])
    seen = []
    with grpc.insecure_channel(service.address) as channel:
        stub = prediction_pb2_grpc.PredictionServiceStub(channel)
        for method, request, metadata, expected in [
            (stub.ListModels, pb.ListModelsRequest(), (), "UNAUTHENTICATED"),
            (stub.ListModels, pb.ListModelsRequest(), wrong, "UNAUTHENTICATED"),
            (stub.ListModels, pb.ListModelsRequest(), right, "OK"),
            (stub.Predict, bad_row, right, "INVALID_ARGUMENT"),
        ]:
            code, received = grpc_call(method, request, metadata)
            assert code == expected, received
            seen.append(received)
    return "\n".join(seen)


def websocket_exchanges(service, secrets) -> str:
    url, seen = f"ws://{service.address}/ws", []
    for attempt in ({"additional_headers": {"X-API-Key": WRONG_KEY}}, {"query": WRONG_KEY}):
        target = f"{url}?api_key={attempt.pop('query')}" if "query" in attempt else url
        with pytest.raises(InvalidStatus) as refused:
            connect(target, open_timeout=10, **attempt).close()
        response = refused.value.response
        assert response.status_code == 401
        seen.append(f"{response.status_code} {response.headers} {response.body!r}")
    with connect(f"{url}?api_key={API_KEY}", open_timeout=10) as ws:
        seen.append(ws.recv(timeout=10))  # hello
        ws.send(json.dumps({"type": "predict", "id": "1", "model_id": "iris", "features": [1]}))
        reply = ws.recv(timeout=10)
        assert json.loads(reply)["type"] == "error"
        seen.append(reply)
    return "\n".join(seen)


EXCHANGES = {
    "flask_rest": rest_exchanges,
    "fastapi_rest": fastapi_exchanges,
    "grpc_service": grpc_exchanges,
    "websocket_service": websocket_exchanges,
    "sse_service": sse_exchanges,
    "gateway": gateway_exchanges,
}

"""What a client sends and receives while checking credentials, service by service.

Each ``<service>_exchanges(service, secrets)`` sends no credentials, wrong ones and right
ones and a few bad requests, checks each status, and returns everything the client
received as one text, to be searched for secrets. ``secrets`` gets the credentials the
service issues (a JWT) added to it. Used by test_security_running.py.
"""

import json

import grpc
import jwt
import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc
from services.fastapi_rest.auth import hash_password

API_KEY = "apilab-test-key-7f3a9c1e5b"
WRONG_KEY = "apilab-wrong-key-0d4e8b2f6a"
PASSWORD = "correct-horse-battery-3c9d"
PASSWORD_HASH = hash_password(PASSWORD)
JWT_SECRET = "jwt-signing-secret-5e1f7a2b9c4d"
BACKEND_KEY = "backend-key-8b6d2f0e4a"
PASTED_SECRET = "sk-live-9d8c7b6a5f4e3d2c1b0a"  # a user pastes a key into a prompt
SECRETS = [API_KEY, WRONG_KEY, PASSWORD, PASSWORD_HASH, JWT_SECRET, BACKEND_KEY, PASTED_SECRET]


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
    models, chat_url = f"{service.url}/v1/models", f"{service.url}/v1/chat/completions"

    def chat(model: str, text: str, expected: int) -> str:
        body = {"model": model, "messages": [{"role": "user", "content": text}], "max_tokens": 3}
        return http("POST", chat_url, expected, json=body, headers=bearer(API_KEY))

    return "".join(
        [
            http("GET", models, 401),
            http("GET", models, 401, headers=bearer(WRONG_KEY)),
            http("GET", models, 200, headers=bearer(API_KEY)),
            chat("apilab-markov", "An API", 200),
            chat("iris-classifier", "1, 2, 3, 4", 503),  # its backend is down
            chat("apilab-markov", f"my key is {PASTED_SECRET}", 400),  # a guardrail
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

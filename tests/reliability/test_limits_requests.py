"""Size, row and token limits, on every protocol that has them, with the table's errors.

Every service runs with tight limits (4 KiB bodies, 3 rows, 8 tokens). Each test
crosses one limit on one protocol, checks the error, then checks that the same
client is still served. The limits and their settings are listed in
tests/reliability/README.md.
"""

import contextlib
import json
from collections.abc import Iterator

import grpc
import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.sync.client import connect

from services.common.launch import launch
from services.grpc_service import prediction_pb2 as pb
from services.grpc_service import prediction_pb2_grpc as pb_grpc

LIMITS = {"APILAB_MAX_BODY_BYTES": "4096", "APILAB_MAX_BATCH_ROWS": "3", "APILAB_MAX_TOKENS": "8"}
SETOSA = [5.1, 3.5, 1.4, 0.2]
DEMO = {"Authorization": "Bearer sk-apilab-demo"}  # the gateway's loopback demo key
TOO_BIG = "x" * 5000


@pytest.fixture(scope="module")
def services():
    with contextlib.ExitStack() as stack:
        running = {
            name: stack.enter_context(launch(name, env=LIMITS, ready_path=ready))
            for name, ready in [
                ("flask_rest", "/readyz"),
                ("fastapi_rest", "/readyz"),
                ("sse_service", "/readyz"),
                ("websocket_service", "/readyz"),
                ("grpc_service", None),
            ]
        }
        gateway_env = LIMITS | {"APILAB_GATEWAY_REST_URL": running["fastapi_rest"].url}
        running["gateway"] = stack.enter_context(launch("gateway", env=gateway_env))
        yield running


def problem(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    return body


def still_serving(url: str) -> None:
    assert requests.get(f"{url}/healthz", timeout=5).json() == {"status": "ok"}


# HTTP: REST (Flask, FastAPI) and SSE
@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
@pytest.mark.parametrize("chunked", [False, True])
def test_rest_body_over_the_limit_is_413(services, name, chunked):
    url = f"{services[name].url}/batch-predictions?model_id=iris"
    body = iter([TOO_BIG.encode()]) if chunked else TOO_BIG  # a generator: no Content-Length
    response = requests.post(url, data=body, headers={"content-type": "text/csv"}, timeout=10)
    assert "4096 bytes" in problem(response, 413, "payload_too_large")["detail"]
    still_serving(services[name].url)


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_rest_batch_over_the_row_limit_is_422(services, name):
    url = f"{services[name].url}/batch-predictions?model_id=iris"
    response = requests.post(url, json={"rows": [SETOSA] * 4}, timeout=10)
    body = problem(response, 422, "invalid_features")
    assert body["errors"] == [{"field": "rows", "message": "at most 3 rows, got 4"}]
    assert requests.post(url, json={"rows": [SETOSA] * 3}, timeout=10).status_code == 200


def test_sse_body_over_the_limit_is_413(services):
    url = f"{services['sse_service'].url}/generate"
    response = requests.post(url, json={"prompt": TOO_BIG}, timeout=10)
    problem(response, 413, "payload_too_large")
    still_serving(services["sse_service"].url)


def test_sse_batch_stream_over_the_row_limit_is_422_before_the_stream(services):
    url = f"{services['sse_service'].url}/batch-predictions/stream?model_id=iris"
    response = requests.post(url, json={"rows": [SETOSA] * 4}, timeout=10)
    assert problem(response, 422, "invalid_features")["errors"][0]["field"] == "rows"
    assert "[DONE]" in requests.post(url, json={"rows": [SETOSA] * 3}, timeout=10).text


def test_sse_tokens_over_the_limit_are_422(services):
    url = f"{services['sse_service'].url}/generate"
    response = requests.post(url, json={"prompt": "An API", "max_tokens": 9}, timeout=10)
    assert problem(response, 422, "invalid_input")["errors"][0]["field"] == "max_tokens"
    assert "[DONE]" in requests.post(url, json={"prompt": "An API", "max_tokens": 8}).text


# the gateway: the same limits in OpenAI's error shape
@pytest.mark.parametrize("chunked", [False, True])
def test_gateway_body_over_the_limit_is_413_in_openai_shape(services, chunked):
    url = f"{services['gateway'].url}/v1/chat/completions"
    data = json.dumps(
        {"model": "apilab-markov", "messages": [{"role": "user", "content": TOO_BIG}]}
    )
    body = iter([data.encode()]) if chunked else data
    headers = DEMO | {"content-type": "application/json"}
    response = requests.post(url, data=body, headers=headers, timeout=10)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    still_serving(services["gateway"].url)


def test_gateway_tokens_over_the_limit_are_400_and_the_default_stays_below(services):
    url = f"{services['gateway'].url}/v1/chat/completions"
    chat = {"model": "apilab-markov", "messages": [{"role": "user", "content": "An API"}]}
    response = requests.post(url, json=chat | {"max_tokens": 9}, headers=DEMO, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "max_tokens"
    # no max_tokens: the gateway's default (64) is capped by APILAB_MAX_TOKENS (8)
    answer = requests.post(url, json=chat, headers=DEMO, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["usage"]["completion_tokens"] <= 8


# gRPC
@pytest.fixture(scope="module")
def stub(services):
    with grpc.insecure_channel(services["grpc_service"].address) as channel:
        yield pb_grpc.PredictionServiceStub(channel)


def grpc_code(call, request) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as caught:
        answer = call(request, timeout=10)
        if isinstance(answer, Iterator):  # a stream fails when it is read
            list(answer)
    return caught.value.code()


def test_grpc_message_over_the_limit_is_resource_exhausted(stub):
    request = pb.PredictionRequest(model_id="iris", features=[0.5] * 2000)  # > 4096 bytes
    assert grpc_code(stub.Predict, request) == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert stub.Predict(pb.PredictionRequest(model_id="iris", features=SETOSA)).label == "setosa"


def test_grpc_batch_over_the_row_limit_is_invalid_argument(stub):
    batch = pb.PredictionBatch(model_id="iris", n_features=4, values=SETOSA * 4)
    assert grpc_code(stub.PredictBatch, batch) == grpc.StatusCode.INVALID_ARGUMENT
    collect = iter([pb.PredictionRequest(model_id="iris", features=SETOSA)] * 4)
    assert grpc_code(stub.PredictCollect, collect) == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        len(stub.PredictBatch(pb.PredictionBatch(model_id="iris", values=SETOSA * 3)).labels) == 3
    )


def test_grpc_tokens_over_the_limit_are_invalid_argument(stub):
    request = pb.GenerateRequest(prompt="An API", max_tokens=9)
    assert grpc_code(stub.Generate, request) == grpc.StatusCode.INVALID_ARGUMENT
    assert len(list(stub.Generate(pb.GenerateRequest(prompt="An API", max_tokens=8)))) == 8


# WebSocket
@pytest.fixture
def ws(services):
    with connect(f"ws://{services['websocket_service'].address}/ws", max_size=None) as websocket:
        websocket.recv(timeout=5)  # hello
        yield websocket


def reply(ws, request: dict) -> dict:
    """The first message for ``request``'s id (heartbeats and tokens of others left out)."""
    ws.send(json.dumps(request))
    while True:
        message = json.loads(ws.recv(timeout=5))
        if message.get("id") == request["id"]:
            return message


def test_websocket_frame_over_the_limit_closes_with_1009(ws, services):
    ws.send(json.dumps({"type": "ping", "id": TOO_BIG}))
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=5)
    assert closed.value.rcvd.code == CloseCode.MESSAGE_TOO_BIG
    with connect(f"ws://{services['websocket_service'].address}/ws") as again:
        assert json.loads(again.recv(timeout=5))["type"] == "hello"


def test_websocket_batch_over_the_row_limit_is_an_error_message(ws):
    answer = reply(
        ws, {"type": "predict_batch", "id": "b", "model_id": "iris", "rows": [SETOSA] * 4}
    )
    assert answer["error"]["code"] == "invalid_features"
    rows = [SETOSA] * 3
    assert (
        reply(ws, {"type": "predict_batch", "id": "c", "model_id": "iris", "rows": rows})["type"]
        == "batch_prediction"
    )


def test_websocket_tokens_over_the_limit_are_an_error_message(ws):
    answer = reply(ws, {"type": "generate", "id": "g", "prompt": "An API", "max_tokens": 9})
    assert answer["error"]["errors"][0]["field"] == "max_tokens"
    assert reply(ws, {"type": "ping", "id": "p"})["type"] == "pong"

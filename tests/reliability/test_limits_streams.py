"""Streams open at once per client (APILAB_MAX_STREAMS_PER_CLIENT=2 here), on every protocol.

A client that holds two long token streams asks for a third: SSE and the gateway answer
429 (per address, per API key), the WebSocket service an error message on the same
connection, and gRPC lets the call wait, since HTTP/2 itself caps the streams of a
connection. Other clients are served meanwhile, and a closed stream frees its slot.
"""

import contextlib
import json

import grpc
import pytest
import requests
from waits import eventually
from websockets.sync.client import connect

from services.common.launch import launch
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc as pb_grpc

ENV = {
    "APILAB_MAX_STREAMS_PER_CLIENT": "2",
    "APILAB_TOKEN_DELAY": "0.05",  # 100 tokens: streams stay open for seconds
    "APILAB_GATEWAY_TOKEN_DELAY": "0.05",
    "APILAB_GATEWAY_KEYS": json.dumps({"sk-client-a": {}, "sk-client-b": {}}),
}
LONG = {"prompt": "An API", "max_tokens": 100}


@pytest.fixture(scope="module")
def services():
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(launch(name, env=ENV, ready_path=ready))
            for name, ready in [
                ("sse_service", "/readyz"),
                ("gateway", "/readyz"),
                ("websocket_service", "/readyz"),
                ("grpc_service", None),
            ]
        }


def open_stream(http: requests.Session, method: str, url: str, **kwargs) -> requests.Response:
    response = http.request(method, url, stream=True, timeout=10, **kwargs)
    if response.status_code == 200:
        # kept: dropping a half-read iterator makes urllib3 close the connection
        response.lines = response.iter_lines()
        next(response.lines)  # the first event has arrived: the stream is open
    return response


def test_sse_third_stream_of_a_client_is_429(services):
    url = f"{services['sse_service'].url}/generate"
    with requests.Session() as http:
        first, second = (open_stream(http, "GET", url, params=LONG) for _ in range(2))
        third = http.get(url, params=LONG, timeout=10)
        assert third.status_code == 429
        assert third.headers["content-type"] == "application/problem+json"
        assert third.headers["retry-after"] == "1"
        assert "at most 2 streams" in third.json()["detail"]
        first.close()  # hang up: the server frees the slot
        again = eventually(lambda: open_stream(http, "GET", url, params=LONG).ok or None)
        assert again
        second.close()


def test_gateway_third_stream_of_a_key_is_429_and_other_keys_go_on(services):
    url = f"{services['gateway'].url}/v1/chat/completions"
    chat = {
        "model": "apilab-markov",
        "messages": [{"role": "user", "content": "An API"}],
        "max_tokens": 100,
        "stream": True,
    }

    def stream(key: str) -> requests.Response:
        return open_stream(http, "POST", url, json=chat, headers={"Authorization": f"Bearer {key}"})

    with requests.Session() as http:
        held = [stream("sk-client-a"), stream("sk-client-a")]
        refused = stream("sk-client-a")
        assert refused.status_code == 429
        assert refused.json()["error"]["type"] == "rate_limit_error"
        other = stream("sk-client-b")
        assert other.status_code == 200
        for response in [*held, other]:
            response.close()


def test_websocket_third_generation_on_a_connection_is_an_error_message(services):
    url = f"ws://{services['websocket_service'].address}/ws"
    with connect(url) as ws, connect(url) as other:
        for websocket in (ws, other):
            websocket.recv(timeout=5)  # hello
        for request_id in ("1", "2", "3"):
            ws.send(json.dumps({"type": "generate", "id": request_id, **LONG}))
        refusal = next_of(ws, "3")
        assert refusal["type"] == "error" and refusal["error"]["code"] == "rate_limited"
        other.send(json.dumps({"type": "generate", "id": "x", **LONG}))  # its own 2 streams
        assert next_of(other, "x")["type"] == "token"
        ws.send(json.dumps({"type": "cancel", "id": "1"}))  # a cancelled one frees its place
        ws.send(json.dumps({"type": "generate", "id": "4", **LONG}))
        assert next_of(ws, "4")["type"] == "token"


def next_of(ws, request_id: str) -> dict:
    while True:
        message = json.loads(ws.recv(timeout=5))
        if message.get("id") == request_id:
            return message


def test_grpc_third_call_of_a_connection_waits_for_a_free_stream(services):
    address = services["grpc_service"].address
    options = [("grpc.use_local_subchannel_pool", 1)]  # a connection of its own each
    setosa = pb.PredictionRequest(model_id="iris", features=[5.1, 3.5, 1.4, 0.2])
    with (
        grpc.insecure_channel(address, options=options) as busy,
        grpc.insecure_channel(address, options=options) as other,
    ):
        stub = pb_grpc.PredictionServiceStub(busy)
        streams = [stub.Generate(pb.GenerateRequest(**LONG), timeout=30) for _ in range(2)]
        for stream in streams:
            next(stream)  # both are open on the server
        with pytest.raises(grpc.RpcError) as caught:
            stub.Predict(setosa, timeout=0.5)  # queued behind the two streams, not refused
        assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert pb_grpc.PredictionServiceStub(other).Predict(setosa, timeout=5).label == "setosa"
        streams[0].cancel()
        assert stub.Predict(setosa, timeout=5).label == "setosa"
        streams[1].cancel()

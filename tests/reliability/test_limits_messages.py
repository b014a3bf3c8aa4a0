"""Size, row and token limits of gRPC messages and WebSocket frames, with the table's errors.

The same tight limits as test_limits_requests.py (4 KiB, 3 rows, 8 tokens); after each
error the same channel or connection must still be served.
"""

import json
from collections.abc import Iterator

import grpc
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.sync.client import connect

from services.common.launch import launch
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc as pb_grpc

LIMITS = {"APILAB_MAX_BODY_BYTES": "4096", "APILAB_MAX_BATCH_ROWS": "3", "APILAB_MAX_TOKENS": "8"}
SETOSA = [5.1, 3.5, 1.4, 0.2]
TOO_BIG = "x" * 5000


# gRPC
@pytest.fixture(scope="module")
def stub():
    with (
        launch("grpc_service", env=LIMITS, ready_path=None) as server,
        grpc.insecure_channel(server.address) as channel,
    ):
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
@pytest.fixture(scope="module")
def ws_url():
    with launch("websocket_service", env=LIMITS) as server:
        yield f"ws://{server.address}/ws"


@pytest.fixture
def ws(ws_url):
    with connect(ws_url, max_size=None) as websocket:
        websocket.recv(timeout=5)  # hello
        yield websocket


def reply(ws, request: dict) -> dict:
    """The first message for ``request``'s id (heartbeats and tokens of others left out)."""
    ws.send(json.dumps(request))
    while True:
        message = json.loads(ws.recv(timeout=5))
        if message.get("id") == request["id"]:
            return message


def test_websocket_frame_over_the_limit_closes_with_1009(ws, ws_url):
    ws.send(json.dumps({"type": "ping", "id": TOO_BIG}))
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=5)
    assert closed.value.rcvd.code == CloseCode.MESSAGE_TOO_BIG
    with connect(ws_url) as again:
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

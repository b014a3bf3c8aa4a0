"""Random messages and frames on ws://.../ws: error messages or close codes from the table.

A JSON object of any shape gets a reply (an ``error`` message when it is wrong) and the
connection stays open; a frame that is not JSON at all closes with 1007, never 1011.
Hypothesis writes the messages; ``derandomize`` keeps them the same on every run.
"""

import json

import pytest
from fuzzing import fuzz
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.sync.client import connect

from services.common.launch import launch

ENV = {"APILAB_MAX_BODY_BYTES": "4096", "APILAB_TOKEN_DELAY": "0"}
REPLIES = {"prediction", "batch_prediction", "token", "done", "cancelled", "error", "pong"}
FUZZ = fuzz(40, HealthCheck.too_slow)
scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)
messages = st.fixed_dictionaries(
    {"type": st.sampled_from(["predict", "predict_batch", "generate", "cancel", "ping"])},
    optional={
        name: json_values | st.just(value)
        for name, value in {
            "id": "1",
            "model_id": "iris",
            "features": [5.1, 3.5, 1.4, 0.2],
            "rows": [[5.1, 3.5, 1.4, 0.2]],
            "prompt": "An API",
            "max_tokens": 3,
            "seed": 0,
        }.items()
    },
) | st.dictionaries(st.text(max_size=6), json_values, max_size=4)


def parses(frame: str | bytes) -> bool:
    try:
        json.loads(frame)
    except ValueError:
        return False
    return True


not_json = (st.text(min_size=1, max_size=50) | st.binary(min_size=1, max_size=200)).filter(
    lambda frame: not parses(frame)
)


@pytest.fixture(scope="module")
def url():
    with launch("websocket_service", env=ENV) as server:
        yield f"ws://{server.address}/ws"


@pytest.fixture(scope="module")
def ws(url):
    """One connection for every example of a test: a bad message must not end it."""
    with connect(url, max_size=None) as websocket:
        assert json.loads(websocket.recv(timeout=5))["type"] == "hello"
        yield websocket


def ping(ws, marker: str) -> list[dict]:
    """Send a ping; every message until its pong (heartbeats left out)."""
    ws.send(json.dumps({"type": "ping", "id": marker}))
    received = []
    while True:
        message = json.loads(ws.recv(timeout=5))
        if message == {"type": "pong", "id": marker, "server_ms": message.get("server_ms")}:
            return received
        if message["type"] != "heartbeat":
            received.append(message)


def answers(ws, request_id) -> list[dict]:
    """Every message until the first one carrying ``request_id`` (heartbeats left out).

    Every request is answered with its own id (an error one when it is wrong); a request
    left unanswered makes ``recv`` time out, and the test fail.
    """
    received = []
    while True:
        message = json.loads(ws.recv(timeout=5))
        if message["type"] != "heartbeat":
            received.append(message)
            if message.get("id", object()) == request_id:
                return received


def assert_replies_follow_the_protocol(replies: list[dict]) -> None:
    for reply in replies:
        assert reply["type"] in REPLIES, reply
        if reply["type"] == "error":
            assert set(reply["error"]) >= {"code", "message"}, reply
            assert reply["error"]["code"] != "internal", reply


@FUZZ
@given(message=messages)
def test_any_json_object_is_answered_and_the_connection_stays_open(ws, message):
    ws.send(json.dumps(message))
    replies = answers(ws, message.get("id"))
    assert_replies_follow_the_protocol(replies + ping(ws, "after"))


@FUZZ
@given(value=json_values.filter(lambda v: not isinstance(v, dict)))
def test_json_that_is_not_an_object_is_an_error_message(ws, value):
    ws.send(json.dumps(value))
    replies = ping(ws, "after")
    assert [r["type"] for r in replies] == ["error"]
    assert replies[0]["error"]["code"] == "invalid_input"


@FUZZ
@given(frame=not_json)
def test_a_frame_that_is_not_json_closes_with_1007(url, frame):
    with connect(url) as websocket:
        websocket.recv(timeout=5)  # hello
        websocket.send(frame)
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                websocket.recv(timeout=5)
    assert closed.value.rcvd.code == CloseCode.INVALID_DATA
    with connect(url) as websocket:  # and the next client is served
        websocket.recv(timeout=5)
        assert ping(websocket, "next") == []


def test_a_message_with_an_unusable_id_is_refused_by_name(ws):
    ws.send(json.dumps({"type": "generate", "id": ["not", "a", "key"], "prompt": "An API"}))
    (reply,) = ping(ws, "after")
    assert reply["error"]["errors"] == [
        {"field": "id", "message": "expected a string or a number, got list"}
    ]

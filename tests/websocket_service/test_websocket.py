"""The WebSocket service with a real client: messages, push, cancel, errors, close codes."""

import asyncio
import json

import pytest
import requests
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from services.common.launch import launch

SETOSA = [5.1, 3.5, 1.4, 0.2]
ENV = {
    "APILAB_MAX_BODY_BYTES": "4096",
    "APILAB_TOKEN_DELAY": "0.01",
    "APILAB_HEARTBEAT_SECONDS": "0.3",
}


@pytest.fixture(scope="module")
def server():
    with launch("websocket_service", env=ENV, ready_path="/readyz") as running:
        yield running


def ws_url(server) -> str:
    return f"ws://{server.address}/ws"


async def replies(websocket, until):
    """Messages (pushed heartbeats left out) until ``until(message)`` is true."""
    received = []
    while True:
        message = json.loads(await asyncio.wait_for(websocket.recv(), 5))
        if message["type"] != "heartbeat":
            received.append(message)
            if until(message):
                return received


def run(coroutine):
    return asyncio.run(coroutine)


def test_health_is_answered_over_plain_http_on_the_same_port(server):
    assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"status": "ok"}


def test_hello_is_pushed_then_predict_is_answered_by_id(server):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            hello = json.loads(await ws.recv())
            await ws.send(
                json.dumps({"type": "predict", "id": "a", "model_id": "iris", "features": SETOSA})
            )
            return hello, (await replies(ws, lambda m: m["id"] == "a"))[-1]

    hello, reply = run(scenario())
    assert hello["type"] == "hello" and [m["id"] for m in hello["models"]] == [
        "breast-cancer",
        "iris",
    ]
    assert (reply["type"], reply["id"], reply["label"]) == ("prediction", "a", "setosa")
    assert reply["server_ms"] >= 0


def test_tokens_arrive_in_order_and_interleave_with_other_requests(server, service):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            await ws.send(
                json.dumps(
                    {"type": "generate", "id": "g", "prompt": "An API", "max_tokens": 12, "seed": 4}
                )
            )
            await ws.send(
                json.dumps(
                    {
                        "type": "predict_batch",
                        "id": "b",
                        "model_id": "iris",
                        "rows": [SETOSA, [6.3, 3.3, 6.0, 2.5]],
                    }
                )
            )
            seen = set()  # read until both the batch reply and the end of the tokens are in

            def both(message):
                seen.add(message["type"])
                return {"done", "batch_prediction"} <= seen

            return await replies(ws, both)

    messages = run(scenario())
    tokens = [m["token"] for m in messages if m["type"] == "token"]
    assert tokens == list(service.generate_tokens("An API", 12, 4))
    batch = next(m for m in messages if m["id"] == "b")
    assert [p["label"] for p in batch["predictions"]] == ["setosa", "virginica"]
    after_batch = [m["type"] for m in messages[messages.index(batch) + 1 :]]
    assert "token" in after_batch  # answered while tokens still flowed, not after them


def test_cancel_stops_a_generation(server):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            await ws.send(
                json.dumps({"type": "generate", "id": "g", "prompt": "An API", "max_tokens": 500})
            )
            await replies(ws, lambda m: m["type"] == "token")
            await ws.send(json.dumps({"type": "cancel", "id": "g"}))
            before = await replies(ws, lambda m: m["type"] == "cancelled")
            await ws.send(json.dumps({"type": "ping", "id": "p"}))
            after = await replies(ws, lambda m: m["type"] == "pong")
            return before, after

    before, after = run(scenario())
    assert len(before) < 100
    assert [m["type"] for m in after] == ["pong"]  # no token of "g" after the cancel


def test_heartbeats_are_pushed_unasked(server):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            return json.loads(await asyncio.wait_for(ws.recv(), 5))

    assert run(scenario())["type"] == "heartbeat"


@pytest.mark.parametrize(
    ("message", "code", "field"),
    [
        (
            {"type": "predict", "id": "x", "model_id": "iris", "features": [1, "a", 2, 3]},
            "invalid_features",
            "features[1]",
        ),
        (
            {"type": "predict", "id": "x", "model_id": "daisy", "features": SETOSA},
            "unknown_model",
            None,
        ),
        ({"type": "generate", "id": "x", "prompt": ""}, "invalid_input", "prompt"),
        ({"type": "dance", "id": "x"}, "invalid_input", None),
        ({"type": "cancel", "id": "x"}, "unknown_prediction", None),
    ],
)
def test_bad_messages_get_an_error_and_the_connection_stays_open(server, message, code, field):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            await ws.send(json.dumps(message))
            error = (await replies(ws, lambda m: m["id"] == "x"))[-1]
            await ws.send(json.dumps({"type": "ping", "id": "after"}))
            return error, (await replies(ws, lambda m: m["id"] == "after"))[-1]

    error, pong = run(scenario())
    assert error["type"] == "error" and error["error"]["code"] == code
    if field:
        assert error["error"]["errors"][0]["field"] == field
    assert pong["type"] == "pong"


@pytest.mark.parametrize(
    ("frame", "close_code"),
    [("{not json", 1007), (b"\xff\xfe\x00", 1007), ("x" * 5000, 1009)],
)
def test_undecodable_or_oversized_frames_close_the_connection(server, frame, close_code):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            await ws.send(frame)
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(ws.recv(), 5)
            return closed.value.rcvd.code

    assert run(scenario()) == close_code
    assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200


def test_api_key_is_checked_at_the_handshake():
    with launch("websocket_service", env={"APILAB_API_KEYS": "k1"}) as server:

        async def scenario():
            with pytest.raises(InvalidStatus) as refused:
                async with connect(ws_url(server)):
                    pass
            async with connect(ws_url(server), additional_headers={"X-API-Key": "k1"}) as ws:
                hello = json.loads(await ws.recv())
            return refused.value.response, hello

        response, hello = run(scenario())
        assert response.status_code == 401 and "WWW-Authenticate" in response.headers
        assert hello["type"] == "hello"


def test_a_second_generation_with_a_running_id_is_refused(server):
    async def scenario():
        async with connect(ws_url(server)) as ws:
            await ws.recv()
            request = {"type": "generate", "id": "g", "prompt": "An API", "max_tokens": 100}
            await ws.send(json.dumps(request))
            await ws.send(json.dumps(request))
            error = (await replies(ws, lambda m: m["type"] == "error"))[-1]
            await ws.send(json.dumps({"type": "cancel", "id": "g"}))
            await replies(ws, lambda m: m["type"] == "cancelled")
            return error

    error = run(scenario())
    assert error["id"] == "g" and error["error"]["code"] == "invalid_input"
    assert "already running" in error["error"]["message"]


@pytest.mark.parametrize(("setting", "negotiated"), [("true", True), ("false", False)])
def test_permessage_deflate_follows_the_setting(setting, negotiated):
    with launch("websocket_service", env={"APILAB_WS_COMPRESSION": setting}) as server:

        async def scenario():
            async with connect(ws_url(server)) as ws:
                return ws.response.headers.get("Sec-WebSocket-Extensions")

        extensions = run(scenario())
    assert ("permessage-deflate" in (extensions or "")) is negotiated

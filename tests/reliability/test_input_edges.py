"""Inputs at the edges of what the parsers take, on every protocol: an error, never a 500.

Before: JSON nested 100,000 deep and a 5,000-digit integer reached 500s (FastAPI said
"not UTF-8 text" for the integer), a page token whose sequence number is past 2^63 was
a 500, a non-ASCII digit in ``Last-Event-ID`` a 500, JSON-RPC answered HTTP 500 instead
of -32700, the WebSocket closed with 1011, and an empty ``APILAB_JWT_SECRET`` started a
service whose ``/token`` answered 500.
"""

import base64
import json
import subprocess
import sys

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from services.common.launch import ROOT, launch

DEEP = b"[" * 100_000 + b"]" * 100_000
LONG_INTEGER = b'{"model_id": "iris", "features": [' + b"7" * 5000 + b", 1, 2, 3]}"
REASONS = {DEEP: "nested too deeply", LONG_INTEGER: "4300 digits"}


def token_after(seq: int) -> str:
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


@pytest.fixture(scope="module", params=["flask_rest", "fastapi_rest"])
def rest(request):
    with launch(request.param) as running:
        yield running


@pytest.mark.parametrize("body", [DEEP, LONG_INTEGER], ids=["deep", "long integer"])
def test_json_a_parser_refuses_is_a_400_that_says_why(rest, body):
    answer = requests.post(
        f"{rest.url}/predictions",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "malformed_payload"
    assert REASONS[body] in answer.json()["detail"]


@pytest.mark.parametrize("seq", [2**63, 2**64 + 5, 10**40])
def test_a_page_token_past_64_bits_is_a_422(rest, seq):
    answer = requests.get(
        f"{rest.url}/predictions", params={"page_token": token_after(seq)}, timeout=10
    )
    assert answer.status_code == 422, answer.text


@pytest.fixture(scope="module")
def fastapi():
    with launch("fastapi_rest") as running:
        yield running


@pytest.mark.parametrize("body", [DEEP, b"[" * 5000, b"\xff\xfe", LONG_INTEGER])
def test_json_rpc_parse_errors_are_minus_32700_in_a_200(fastapi, body):
    answer = requests.post(f"{fastapi.url}/jsonrpc", data=body, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json()["error"]["code"] == -32700


def test_a_json_rpc_batch_over_the_limit_is_refused_whole(fastapi):
    call = {"jsonrpc": "2.0", "method": "predict", "params": {"model_id": "iris"}}
    call["params"]["features"] = [5.1, 3.5, 1.4, 0.2]
    batch = [call | {"id": n} for n in range(20_000)]
    before = requests.get(f"{fastapi.url}/predictions", params={"page_size": 1000}, timeout=10)
    answer = requests.post(f"{fastapi.url}/jsonrpc", json=batch, timeout=60)
    assert answer.status_code == 200
    assert answer.json()["error"]["code"] == -32600
    assert "at most" in answer.json()["error"]["data"]["message"] or "1000" in answer.text
    after = requests.get(f"{fastapi.url}/predictions", params={"page_size": 1000}, timeout=10)
    assert len(after.json()["predictions"]) == len(before.json()["predictions"])


@pytest.mark.parametrize("last_event_id", ["\u00b2", "\u0663", "9" * 5000, "１２"])
def test_a_last_event_id_that_is_not_ours_starts_from_the_beginning(last_event_id):
    with launch("sse_service", env={"APILAB_TOKEN_DELAY": "0"}) as sse:
        answer = requests.get(
            f"{sse.url}/generate",
            params={"prompt": "hi", "max_tokens": 3, "seed": 1},
            headers={"Last-Event-ID": last_event_id.encode().decode("latin-1")},
            timeout=30,
        )
    assert answer.status_code == 200, answer.text
    assert answer.text.rstrip().endswith("data: [DONE]")


@pytest.mark.parametrize("frame", [DEEP.decode(), LONG_INTEGER.decode()])
def test_websocket_frames_a_parser_refuses_close_1007_not_1011(frame):
    with launch("websocket_service", ready_path="/healthz") as server:
        url = f"ws://{server.address}/ws"
        with connect(url, max_size=None) as websocket:
            websocket.recv(timeout=10)  # hello
            websocket.send(frame)
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    json.loads(websocket.recv(timeout=10))
        assert closed.value.rcvd.code == 1007
        with connect(url) as again:  # the service goes on
            assert json.loads(again.recv(timeout=10))["type"] == "hello"


@pytest.mark.parametrize("secret", ["", "   ", "short"])
def test_an_empty_or_short_jwt_secret_refuses_to_start(secret):
    started = subprocess.run(
        [sys.executable, "-m", "services.fastapi_rest", "--port", "0"],
        cwd=ROOT,
        env={"APILAB_JWT_SECRET": secret, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert "APILAB_JWT_SECRET" in started.stderr
    assert "Traceback" not in started.stderr

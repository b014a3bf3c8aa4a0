"""Classes of input at the parsers' limits, generated (fuzzing.py), on every protocol.

``test_input_edges.py`` pins one example of each; here Hypothesis draws from the class:
JSON nested past the recursion limit, integers past 4300 digits, floats that overflow,
lone surrogates; page tokens past 64 bits; ``Last-Event-ID`` in other scripts' digits.
The answer is always a client error (or a stream that starts over), never a 500 or 1011.
"""

import base64
import json

import pytest
import requests
from fuzzing import foreign_digits, fuzz, hostile_json, sequence_past_64_bits
from hypothesis import given
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from services.common.launch import launch

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module", params=["flask_rest", "fastapi_rest"])
def rest(request):
    with launch(request.param) as running:
        yield running


@pytest.fixture(scope="module")
def fastapi():
    with launch("fastapi_rest") as running:
        yield running


@fuzz(30)
@given(body=hostile_json())
def test_rest_answers_hostile_json_with_a_client_error(rest, body):
    answer = requests.post(f"{rest.url}/predictions", data=body, headers=JSON, timeout=30)
    assert answer.status_code in (400, 422), (answer.status_code, answer.text[:300])
    assert answer.headers["Content-Type"] == "application/problem+json"


@fuzz(30)
@given(body=hostile_json())
def test_json_rpc_answers_hostile_json_inside_a_200(fastapi, body):
    answer = requests.post(f"{fastapi.url}/jsonrpc", data=body, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    replies = answer.json()
    reply = replies[0] if isinstance(replies, list) else replies
    assert reply["error"]["code"] in (-32700, -32600, -32602), reply


@fuzz(30)
@given(seq=sequence_past_64_bits())
def test_page_tokens_past_64_bits_are_refused(rest, seq):
    token = base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")
    answer = requests.get(f"{rest.url}/predictions", params={"page_token": token}, timeout=10)
    assert answer.status_code == (422 if seq >= 2**63 else answer.status_code)
    assert answer.status_code in (200, 422)


@pytest.fixture(scope="module")
def sse():
    with launch("sse_service", env={"APILAB_TOKEN_DELAY": "0"}) as running:
        yield running


@fuzz(30)
@given(last_event_id=foreign_digits())
def test_last_event_ids_in_other_digits_start_the_stream_over(sse, last_event_id):
    answer = requests.get(
        f"{sse.url}/generate",
        params={"prompt": "hi", "max_tokens": 2, "seed": 1},
        headers={"Last-Event-ID": last_event_id.encode().decode("latin-1")},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert "id: 0" in answer.text.splitlines()  # started over: the id was not one of ours
    assert answer.text.rstrip().endswith("data: [DONE]")


@pytest.fixture(scope="module")
def websocket_server():
    with launch("websocket_service", ready_path="/healthz") as running:
        yield running


@fuzz(25)
@given(body=hostile_json())
def test_websocket_answers_hostile_json_without_1011(websocket_server, body):
    if body.startswith(b'{"model_id"'):  # a predict request around the hostile value
        body = b'{"type": "predict", "id": 1, ' + body[1:]
    with connect(f"ws://{websocket_server.address}/ws", max_size=None) as websocket:
        websocket.recv(timeout=10)  # hello
        websocket.send(body.decode())
        try:
            reply = json.loads(websocket.recv(timeout=10))
        except ConnectionClosed as closed:
            assert closed.rcvd.code in (1007, 1009), closed
        else:
            assert reply["type"] == "error", reply

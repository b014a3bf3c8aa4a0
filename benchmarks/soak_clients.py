"""One small client per protocol for the soak: ``call()`` does one operation or raises.

Each client checks the answer, not only the status: a 201 without an id, a stream
without its end marker or a reply to another request counts as a failure. ``call()``
returns the id of a stored prediction (REST) or None.
"""

from __future__ import annotations

import itertools
import json

import grpc
import httpx
import requests
from httpx_sse import connect_sse
from websockets.sync.client import connect

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc

IRIS = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
TOKENS = 8  # per SSE stream


class RestCreate:
    """``POST /predictions``: 201 and the stored prediction's id."""

    def __init__(self, service):
        self.url = f"{service.url}/predictions"
        self.http = requests.Session()

    def call(self) -> str:
        response = self.http.post(self.url, json=IRIS, timeout=10)
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
        return response.json()["id"]

    def close(self) -> None:
        self.http.close()


class GrpcPredict:
    """Unary ``Predict`` on one long-lived channel."""

    def __init__(self, service):
        self.channel = grpc.insecure_channel(service.address)
        self.stub = prediction_pb2_grpc.PredictionServiceStub(self.channel)

    def call(self) -> None:
        response = self.stub.Predict(pb.PredictionRequest(**IRIS), timeout=10)
        if response.label != "setosa":
            raise RuntimeError(f"unexpected label {response.label!r}")

    def close(self) -> None:
        self.channel.close()


class WebSocketPredict:
    """``predict`` messages; a new connection every ``per_connection`` of them (churn)."""

    per_connection = 500

    def __init__(self, service):
        self.url = f"ws://{service.address}/ws"
        self.ids = itertools.count()
        self.ws = None

    def call(self) -> None:
        request_id = str(next(self.ids))
        if int(request_id) % self.per_connection == 0:
            self.close()
            self.ws = connect(self.url, open_timeout=10, legacy=True)  # no with: kept across calls
        self.ws.send(json.dumps({"type": "predict", "id": request_id} | IRIS))
        while True:  # skip what the server pushes unasked (hello, heartbeat)
            reply = json.loads(self.ws.recv(timeout=10))
            if reply.get("id") == request_id:
                break
        if reply["type"] != "prediction":
            raise RuntimeError(f"unexpected reply {reply}")

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()


class SseGenerate:
    """``GET /generate``: a stream of tokens that must end with ``[DONE]``."""

    def __init__(self, service):
        self.http = httpx.Client(base_url=service.url, timeout=10)
        self.query = {"prompt": "An API", "max_tokens": TOKENS}

    def call(self) -> None:
        with connect_sse(self.http, "GET", "/generate", params=self.query) as source:
            events = [event.data for event in source.iter_sse()]
        if len(events) != TOKENS + 1 or events[-1] != "[DONE]":
            raise RuntimeError(f"stream ended after {len(events)} events: {events[-1:]}")

    def close(self) -> None:
        self.http.close()

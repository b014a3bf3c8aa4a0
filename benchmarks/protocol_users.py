"""Locust users for protocols Locust does not speak: gRPC and WebSocket.

Each call is reported to Locust's statistics with the request event, so gRPC and
WebSocket rows sit in the same tables and charts as HTTP ones. Imported by the
locustfile after Locust has monkey-patched the standard library for gevent.
"""

from __future__ import annotations

import json
import random
import time

import grpc
import grpc.experimental.gevent as grpc_gevent
from locust import User, constant, task
from websockets.sync.client import connect

from benchmarks.payloads import dataset_rows
from services.grpc_service import prediction_pb2 as pb
from services.grpc_service import prediction_pb2_grpc

grpc_gevent.init_gevent()  # gRPC's own threads would otherwise block gevent's loop
ROWS = dataset_rows("iris")


class TimedUser(User):
    abstract = True
    wait_time = constant(0)

    def report(self, kind: str, name: str, started: float, size: int, error=None) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=error,
            context={},
        )

    def row(self) -> list[float]:
        return ROWS[random.randrange(len(ROWS))]  # noqa: S311


class GrpcPredict(TimedUser):
    """Unary Predict over one channel per user (host: 127.0.0.1:PORT)."""

    def on_start(self) -> None:
        self.channel = grpc.insecure_channel(self.host)
        self.stub = prediction_pb2_grpc.PredictionServiceStub(self.channel)

    def on_stop(self) -> None:
        self.channel.close()

    @task
    def predict(self) -> None:
        started = time.perf_counter()
        try:
            response = self.stub.Predict(pb.PredictionRequest(features=self.row(), model_id="iris"))
            self.report("grpc", "Predict", started, response.ByteSize())
        except grpc.RpcError as error:
            self.report("grpc", "Predict", started, 0, error)


class WebSocketPredict(TimedUser):
    """A predict message and its reply over one long-lived connection per user."""

    def on_start(self) -> None:
        self.socket = connect(self.host, compression=None)  # permessage-deflate off, as the server
        self.socket.recv()  # the pushed hello
        self.sent = 0

    def on_stop(self) -> None:
        self.socket.close()

    @task
    def predict(self) -> None:
        self.sent += 1
        request_id = str(self.sent)
        message = {"type": "predict", "id": request_id, "model_id": "iris", "features": self.row()}
        started = time.perf_counter()
        self.socket.send(json.dumps(message))
        while True:
            frame = self.socket.recv(timeout=10)
            reply = json.loads(frame)
            if reply.get("id") == request_id:  # heartbeats and other pushes are skipped
                break
        error = None if reply["type"] == "prediction" else RuntimeError(reply)
        self.report("websocket", "predict", started, len(frame), error)

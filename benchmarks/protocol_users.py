"""Locust users for protocols Locust does not speak: gRPC and WebSocket (raw TCP: tcp_users.py).

Each call is reported to Locust's statistics with the request event, so these rows sit
in the same tables and charts as HTTP ones. Imported by the locustfile after Locust has
monkey-patched the standard library for gevent.
"""

from __future__ import annotations

import json
import random
import time

import grpc
import grpc.experimental.gevent as grpc_gevent
from locust import User, constant, task
from websockets.sync.client import connect

from benchmarks.http_users import report_stream
from benchmarks.payloads import PROMPT, dataset_rows
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc

grpc_gevent.init_gevent()  # gRPC's own threads would otherwise block gevent's loop
ROWS = dataset_rows("iris")


class TimedUser(User):
    abstract = True
    wait_time = constant(0)  # closed loop; the driver swaps in constant_throughput

    def report(self, kind, name, started, size, sent, server_ms=None, error=None) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=error,
            context={"request_bytes": sent, "server_ms": server_ms},
        )

    def row(self) -> list[float]:
        return ROWS[random.randrange(len(ROWS))]  # noqa: S311


class GrpcUser(TimedUser):
    """One channel per user, reused for every call (host: 127.0.0.1:PORT)."""

    abstract = True

    def on_start(self) -> None:
        self.channel = grpc.insecure_channel(self.host)
        self.stub = prediction_pb2_grpc.PredictionServiceStub(self.channel)

    def on_stop(self) -> None:
        self.channel.close()


class GrpcPredict(GrpcUser):
    """Unary Predict; the handler time comes back in the trailing metadata."""

    @task
    def predict(self) -> None:
        request = pb.PredictionRequest(features=self.row(), model_id="iris")
        started = time.perf_counter()
        try:
            response, call = self.stub.Predict.with_call(request)
            timing = dict(call.trailing_metadata() or ()).get("server-timing", "")
            handler_ms = float(timing.split("dur=")[1]) if "dur=" in timing else None
            self.report(
                "grpc", "Predict", started, response.ByteSize(), request.ByteSize(), handler_ms
            )
        except grpc.RpcError as error:
            self.report("grpc", "Predict", started, 0, request.ByteSize(), error=error)


class GrpcGenerate(GrpcUser):
    """Server-streaming Generate: time to the first token and to the end of the stream."""

    @task
    def generate(self) -> None:
        request = pb.GenerateRequest(**PROMPT)
        started, first, size, error = time.perf_counter(), None, 0, None
        try:
            for token in self.stub.Generate(request):
                first = first or time.perf_counter()
                size += token.ByteSize()
        except grpc.RpcError as exc:
            error = exc
        report_stream(self, "grpc", started, first, size, request.ByteSize(), error)


class WebSocketUser(TimedUser):
    """One long-lived connection per user; permessage-deflate off, as on the server."""

    abstract = True

    def on_start(self) -> None:
        started = time.perf_counter()
        self.socket = connect(self.host, compression=None)
        self.socket.recv()  # the pushed hello
        self.report("websocket", "handshake", started, 0, 0)
        self.sent = 0

    def on_stop(self) -> None:
        # The socket is left open until the driver exits: closing it under gevent while
        # websockets' reader thread still watches it makes libev abort (SIGABRT).
        pass

    def request(self, message: dict) -> tuple[dict, int]:
        """Send one message; read until the reply with its id (heartbeats are skipped)."""
        self.sent += 1
        message["id"] = str(self.sent)
        self.socket.send(json.dumps(message))
        while True:
            frame = self.socket.recv(timeout=10)
            reply = json.loads(frame)
            if reply.get("id") == message["id"]:
                return reply, len(frame)


class WebSocketPredict(WebSocketUser):
    """A predict message and its reply; the reply carries the handler time (server_ms)."""

    @task
    def predict(self) -> None:
        message = {"type": "predict", "model_id": "iris", "features": self.row()}
        sent = len(json.dumps({**message, "id": str(self.sent + 1)}))
        started = time.perf_counter()
        reply, size = self.request(message)
        error = None if reply["type"] == "prediction" else RuntimeError(reply)
        self.report("websocket", "predict", started, size, sent, reply.get("server_ms"), error)


class WebSocketConnectPredict(TimedUser):
    """Connect, one predict, close: what a client without a long-lived socket pays."""

    @task
    def connect_predict_close(self) -> None:
        message = json.dumps(
            {"type": "predict", "id": "1", "model_id": "iris", "features": self.row()}
        )
        started, error, size = time.perf_counter(), None, 0
        try:
            with connect(self.host, compression=None) as socket_:
                socket_.recv()  # hello
                socket_.send(message)
                frame = socket_.recv(timeout=10)
                size = len(frame)
                if json.loads(frame)["type"] != "prediction":
                    error = RuntimeError(frame)
        except Exception as exc:  # noqa: BLE001 - any failure is this request's failure
            error = exc
        self.report("websocket", "connect+predict+close", started, size, len(message), error=error)


class WebSocketGenerate(WebSocketUser):
    """A generate message on the long-lived socket: tokens until ``done``."""

    @task
    def generate(self) -> None:
        self.sent += 1
        message = json.dumps({"type": "generate", "id": str(self.sent), **PROMPT})
        started, first, size, error = time.perf_counter(), None, 0, None
        self.socket.send(message)
        while True:
            frame = self.socket.recv(timeout=10)
            reply = json.loads(frame)
            if reply.get("id") != str(self.sent):
                continue
            size += len(frame)
            if reply["type"] == "token":
                first = first or time.perf_counter()
            else:
                error = None if reply["type"] == "done" else RuntimeError(reply)
                break
        report_stream(self, "websocket", started, first, size, len(message), error)

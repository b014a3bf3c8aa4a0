"""gRPC and WebSocket clients holding work across a SIGTERM (see drain_http_clients.py)."""

from __future__ import annotations

import json
import queue
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
from drain_http_clients import IRIS, LONG, SHORT, in_background
from waits import scaled
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc


def drain_grpc_service(service, sigterm) -> dict:
    def generate(first, max_tokens) -> str:
        call = stub.Generate(pb.GenerateRequest(prompt="An API", max_tokens=max_tokens))
        tokens = []
        try:
            for token in call:
                tokens.append(token)
                first.set()
        except grpc.RpcError as error:
            return error.code().name
        return f"{call.code().name} after {len(tokens)} tokens"

    def new_call(deadline: float = scaled(3.0)) -> str:
        # a call that reaches the server in the instant it stops is CANCELLED; after
        # that the port is closed and every new call fails fast with UNAVAILABLE
        give_up = time.monotonic() + deadline
        while time.monotonic() < give_up:
            with grpc.insecure_channel(service.address) as fresh:
                try:
                    prediction_pb2_grpc.PredictionServiceStub(fresh).ListModels(
                        pb.ListModelsRequest(), timeout=1
                    )
                except grpc.RpcError as error:
                    if error.code() != grpc.StatusCode.CANCELLED:
                        return error.code().name
            time.sleep(0.02)
        return "still answering"

    with grpc.insecure_channel(service.address) as channel, ThreadPoolExecutor() as pool:
        stub = prediction_pb2_grpc.PredictionServiceStub(channel)
        # a bidirectional call: its first answer proves it is in flight; the second
        # request is sent after the SIGTERM
        outbox = queue.Queue()
        outbox.put(pb.PredictionRequest(**IRIS))
        answers = stub.PredictInteractive(iter(outbox.get, None))
        next(answers)
        short, long = in_background(pool, generate, SHORT), in_background(pool, generate, LONG)
        sigterm()
        new_request = new_call()
        outbox.put(pb.PredictionRequest(**IRIS))
        outbox.put(None)  # the client is done sending
        later = list(answers)
        return {
            "in flight": f"{answers.code().name} after {1 + len(later)} answers",
            "short stream": short.result(),
            "long stream": long.result(),
            "new request": new_request,
        }


def drain_websocket_service(service, sigterm) -> dict:
    url = f"ws://{service.address}/ws"

    def new_handshake(deadline: float = scaled(3.0)) -> str:
        give_up = time.monotonic() + deadline
        while time.monotonic() < give_up:
            try:
                with connect(url, open_timeout=1):
                    pass
            except InvalidStatus as refused:
                return str(refused.response.status_code)
            except ConnectionRefusedError:
                return "connection refused"
            time.sleep(0.02)
        return "still answering"

    with connect(url, open_timeout=10) as ws:
        assert json.loads(ws.recv())["type"] == "hello"
        for request_id, max_tokens in (("short", SHORT), ("long", LONG)):
            request = {"type": "generate", "id": request_id, "prompt": "An API"}
            ws.send(json.dumps(request | {"max_tokens": max_tokens}))
        tokens = {"short": 0, "long": 0}
        endings = {}
        while not (tokens["short"] and tokens["long"]):  # both generations are running
            message = json.loads(ws.recv(timeout=10))
            tokens[message["id"]] += message["type"] == "token"
        sigterm()
        new_request = new_handshake()
        # the open connection still takes requests: answered, or refused if new work
        ws.send(json.dumps({"type": "predict", "id": "predict"} | IRIS))
        ws.send(json.dumps({"type": "generate", "id": "late", "prompt": "An API"}))
        try:
            while True:
                message = json.loads(ws.recv(timeout=30))
                if message["type"] == "token":
                    tokens[message["id"]] += 1
                elif message["type"] == "error":
                    endings[message["id"]] = "error " + message["error"]["code"]
                elif message["type"] != "heartbeat":
                    endings[message["id"]] = message["type"]
        except ConnectionClosed as closed:
            close = f"close {closed.rcvd.code}"
    return {
        "in flight": endings.get("predict"),
        "short stream": f"{endings.get('short')} after {tokens['short']} tokens, then {close}",
        "long stream": endings.get("long", close),
        "new work on an open connection": endings.get("late"),
        "new request": new_request,
    }

"""Clients that keep work in flight across a SIGTERM and report what each one got.

Each ``drain_<service>(service, sigterm)`` puts a request and/or streams in flight,
waits until the server provably holds them, calls ``sigterm()``, tries a new request,
finishes the work and returns one short outcome per kind of work, e.g.
``{"in flight": "201", "new request": "connection refused"}``.
"""

from __future__ import annotations

import http.client
import json
import queue
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
import httpx
from httpx_sse import connect_sse
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from services.grpc_service import prediction_pb2 as pb
from services.grpc_service import prediction_pb2_grpc

SHORT, LONG = 10, 500  # tokens: done well within the grace period / far beyond it
IRIS = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
DEMO_KEY = {"Authorization": "Bearer sk-apilab-demo"}  # the gateway's loopback-only key


def chat(max_tokens: int, stream: bool) -> dict:
    message = {"role": "user", "content": "An API"}
    return {"model": "apilab-markov", "messages": [message], "max_tokens": max_tokens,
            "stream": stream}  # fmt: skip


class SlowUpload:
    """A POST the server has accepted (it said ``100 Continue``) whose body is still to come."""

    def __init__(self, service, path: str, body: dict, headers: dict | None = None):
        self.body = json.dumps(body).encode()
        self.sock = socket.create_connection((service.host, service.port), timeout=30)
        lines = [f"POST {path} HTTP/1.1", f"Host: {service.address}", "Expect: 100-continue",
                 "Content-Type: application/json", f"Content-Length: {len(self.body)}"]  # fmt: skip
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        interim = b""
        while not interim.endswith(b"\r\n\r\n"):  # the server reads the body: it is in flight
            interim += self.sock.recv(1)
        assert interim.startswith(b"HTTP/1.1 100"), interim

    def finish(self) -> str:
        """Send the body now; the status code of the answer."""
        self.sock.sendall(self.body)
        response = http.client.HTTPResponse(self.sock)
        response.begin()
        response.read()
        self.sock.close()
        return str(response.status)


def new_http_request(service, deadline: float = 3.0) -> str:
    """What a client that connects now gets, once the stop has begun.

    Retried while the server still answers (the signal is not handled yet) and when a
    connection is reset: one accepted by the kernel in the instant the socket closes.
    """
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        connection = http.client.HTTPConnection(service.host, service.port, timeout=1)
        try:
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
        except ConnectionRefusedError:
            return "connection refused"
        except TimeoutError:
            return "no answer"
        except (ConnectionResetError, http.client.RemoteDisconnected):
            status = None
        finally:
            connection.close()
        if status not in (200, None):
            return str(status)
        time.sleep(0.02)
    return "still answering"


def in_background(pool: ThreadPoolExecutor, read, *args, **kwargs):
    """Run a stream reader in a thread; its future, once the first event has arrived."""
    first = threading.Event()
    future = pool.submit(read, first, *args, **kwargs)
    assert first.wait(30), "the stream never started"
    return future


def read_sse(first: threading.Event, url: str, method: str, path: str, **kwargs) -> list:
    events = []
    with (
        httpx.Client(base_url=url, timeout=30) as client,
        connect_sse(client, method, path, **kwargs) as source,
    ):
        for event in source.iter_sse():
            events.append(event)
            first.set()
    return events


def drain_rest(service, sigterm) -> dict:
    upload = SlowUpload(service, "/predictions", IRIS)
    sigterm()
    new_request = new_http_request(service)
    return {"in flight": upload.finish(), "new request": new_request}


def drain_sse_service(service, sigterm) -> dict:
    def tokens(max_tokens):
        query = {"prompt": "An API", "max_tokens": max_tokens}
        return in_background(pool, read_sse, service.url, "GET", "/generate", params=query)

    def ending(events) -> str:
        last = events[-1]
        if last.event == "error":
            return f"event: error {json.loads(last.data)['code']}"
        return f"{last.data} after {len(events) - 1} tokens"

    with ThreadPoolExecutor() as pool:
        short, long = tokens(SHORT), tokens(LONG)
        sigterm()
        new_request = new_http_request(service)
        return {
            "short stream": ending(short.result()),
            "long stream": ending(long.result()),
            "new request": new_request,
        }


def drain_gateway(service, sigterm) -> dict:
    def completion(max_tokens):
        args = ("POST", "/v1/chat/completions")
        kwargs = {"json": chat(max_tokens, stream=True), "headers": DEMO_KEY}
        return in_background(pool, read_sse, service.url, *args, **kwargs)

    def ending(events) -> str:
        last = events[-1].data
        return last if last == "[DONE]" else "error " + json.loads(last)["error"]["code"]

    with ThreadPoolExecutor() as pool:
        upload = SlowUpload(service, "/v1/chat/completions", chat(5, stream=False), DEMO_KEY)
        short, long = completion(SHORT), completion(LONG)
        sigterm()
        new_request = new_http_request(service)
        return {
            "in flight": upload.finish(),
            "short stream": ending(short.result()),
            "long stream": ending(long.result()),
            "new request": new_request,
        }


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

    def new_call(deadline: float = 3.0) -> str:
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

    def new_handshake(deadline: float = 3.0) -> str:
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

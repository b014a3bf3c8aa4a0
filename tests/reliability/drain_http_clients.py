"""HTTP clients that keep work in flight across a SIGTERM and report what each one got.

Each ``drain_<service>(service, sigterm)`` puts a request and/or streams in flight,
waits until the server provably holds them, calls ``sigterm()``, tries a new request,
finishes the work and returns one short outcome per kind of work, e.g.
``{"in flight": "201", "new request": "connection refused"}``. The gRPC and WebSocket
ones are in drain_socket_clients.py.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from httpx_sse import connect_sse
from waits import scaled

SHORT, LONG = 10, 500  # tokens: done well within the grace period / far beyond it
IRIS = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
DEMO_KEY = {"Authorization": "Bearer sk-apilab-demo"}  # the gateway's loopback-only key


def chat(max_tokens: int, stream: bool) -> dict:
    return {
        "model": "apilab-markov",
        "messages": [{"role": "user", "content": "An API"}],
        "max_tokens": max_tokens,
        "stream": stream,
        "ignore_eos": True,  # the generator would end at its first full stop, before the drain
    }


class SlowUpload:
    """A POST the server has accepted (it said ``100 Continue``) whose body is still to come."""

    def __init__(self, service, path: str, body: dict, headers: dict | None = None):
        self.body = json.dumps(body).encode()
        self.sock = socket.create_connection((service.host, service.port), timeout=30)
        lines = [
            f"POST {path} HTTP/1.1",
            f"Host: {service.address}",
            "Expect: 100-continue",
            "Content-Type: application/json",
            f"Content-Length: {len(self.body)}",
        ]
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


def new_http_request(service, deadline: float = scaled(3.0)) -> str:
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

"""Serve what a student built (a WSGI or ASGI app, a gRPC servicer) on a free loopback port,
so a hidden check can call it with a real client, the way its users would."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager

import grpc
import uvicorn
from werkzeug.serving import make_server


@contextmanager
def wsgi(app) -> Iterator[str]:
    """A Flask (WSGI) app on 127.0.0.1:<free port>, threaded; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def asgi(app) -> Iterator[str]:
    """A FastAPI/Starlette (ASGI) app under uvicorn in a thread; yields its base URL."""
    listening = socket.create_server(("127.0.0.1", 0))  # bound here: no race for the port
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        listening.close()


@contextmanager
def grpc_servicer(add_to_server, servicer) -> Iterator[grpc.Channel]:
    """A servicer in a grpc.server on a free port; yields a channel to it."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    add_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield channel
    finally:
        channel.close()
        server.stop(None)

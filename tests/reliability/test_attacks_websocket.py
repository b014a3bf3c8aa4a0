"""What one WebSocket client can make the server hold: a stated bound, and a connection cap.

Before: a client that stopped reading and went on sending 15 MiB frames cost the server
270 MB (16 frames queued by default, the websockets library's ``max_queue``), and
connections had no cap. Now at most ``APILAB_WS_MAX_QUEUE + 1`` frames wait (2 x 16 MiB,
and the one being read: under 64 MB) and ``APILAB_MAX_CONNECTIONS`` (256) are open at
once; the next handshake gets a 503 with ``Retry-After``.

The client here is a raw socket (a hand-made handshake, frames masked with a zero key) so
that it really reads nothing: library clients go on reading into their own buffers.
"""

import base64
import contextlib
import json
import os
import socket
import struct
import threading
import time

import psutil
import pytest
from waits import eventually
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from services.common.launch import launch

BATCH = {"type": "predict_batch", "model_id": "iris", "rows": [[5.1, 3.5, 1.4, 0.2]] * 100_000}
PADDED = {"type": "ping", "id": 1, "pad": "x" * (15 * 2**20)}


def frame(message: dict) -> bytes:
    """A client's text frame; a zero masking key leaves the payload as it is."""
    payload = json.dumps(message).encode()
    size = len(payload)
    if size < 126:
        length = bytes([0x80 | size])
    elif size < 2**16:
        length = b"\xfe" + struct.pack("!H", size)
    else:
        length = b"\xff" + struct.pack("!Q", size)
    return b"\x81" + length + b"\0\0\0\0" + payload


def silent_client(port: int) -> socket.socket:
    """A WebSocket client that never reads after the handshake (4 KiB receive buffer)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /ws HTTP/1.1\r\nHost: apilab\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    assert sock.recv(12) == b"HTTP/1.1 101"
    return sock


def peak_rss_mib(process: psutil.Process, seconds: float) -> float:
    peak, deadline = 0.0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        peak = max(peak, process.memory_info().rss / 2**20)
        time.sleep(0.1)
    return peak


def test_a_client_that_stops_reading_costs_a_bounded_amount_of_memory():
    env = {"APILAB_WS_COMPRESSION": "false"}
    with launch("websocket_service", env=env, ready_path="/healthz") as server:
        process = psutil.Process(server.process.pid)
        sock = silent_client(server.port)
        try:
            sock.sendall(frame(BATCH | {"id": 0}))  # its answer is never read: the handler waits
            blocked = peak_rss_mib(process, 3)

            def flood():
                try:
                    for _ in range(20):
                        sock.sendall(frame(PADDED))
                except OSError:
                    return

            threading.Thread(target=flood, daemon=True).start()
            grown = peak_rss_mib(process, 8) - blocked
        finally:
            sock.close()
        assert grown < 64, f"frames queued for one client took {grown:.0f} MiB"  # before: 270


def test_connections_beyond_the_limit_are_refused_with_503():
    env = {"APILAB_MAX_CONNECTIONS": "3"}
    with launch("websocket_service", env=env, ready_path="/healthz") as server:
        url = f"ws://{server.address}/ws"
        with contextlib.ExitStack() as held:
            open_ones = [held.enter_context(connect(url)) for _ in range(3)]
            with pytest.raises(InvalidStatus) as refused:
                connect(url)
            assert refused.value.response.status_code == 503
            assert refused.value.response.headers["Retry-After"]
            open_ones.pop().close()

            def admitted() -> bool:  # the server notices the close a moment later
                try:
                    with connect(url) as again:
                        return json.loads(again.recv(timeout=10))["type"] == "hello"
                except InvalidStatus:
                    return False

            assert eventually(admitted), "a freed slot was never given to a new client"

"""The floor under every protocol: a raw TCP round trip, as a Locust user.

64 bytes to ``benchmarks/echo_server.py`` and back on a kept-alive socket: what loopback
and the kernel cost before any protocol, framework or model.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from locust import task

from benchmarks.protocol_users import TimedUser


class TcpEcho(TimedUser):
    """The floor: 64 bytes to benchmarks/echo_server.py and back (host: tcp://127.0.0.1:PORT)."""

    payload = b"x" * 64

    def on_start(self) -> None:
        address = urlsplit(self.host)
        self.socket = socket.create_connection((address.hostname, address.port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def on_stop(self) -> None:
        self.socket.close()

    @task
    def echo(self) -> None:
        started, received = time.perf_counter(), b""
        self.socket.sendall(self.payload)
        while len(received) < len(self.payload):
            received += self.socket.recv(65536)
        self.report("tcp", "echo 64 bytes", started, len(received), len(self.payload))

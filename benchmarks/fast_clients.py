"""Clients cheaper than the servers they load, so a throughput figure is the server's.

- gRPC: ``h2load`` (``h2load.py``): one pre-built gRPC message per request over HTTP/2,
  no gevent bridge.
- WebSocket: a raw-frame asyncio client on uvloop. Each connection does the handshake
  once, then sends the same pre-masked text frame and reads the reply frame's header:
  a few microseconds of Python per message, against the server's JSON, validation and
  library work. The asyncio client in ``asyncio_clients.py`` uses the websockets
  library and costs about as much per message as the server, so it cannot saturate it.

    python -m benchmarks.fast_clients grpc_predict 127.0.0.1:50051 --seconds 3
prints one JSON object: requests, errors, seconds, rps, p50_ms (h2load: the mean), p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import struct
import time

from benchmarks.h2load import ROW, h2load_command, parse_h2load


class RawWebSocket(asyncio.Protocol):
    """One connection: handshake, then one predict frame out, one reply frame in, repeat."""

    def __init__(self, host: str, frame: bytes, done: asyncio.Future):
        self.host, self.frame, self.done = host, frame, done
        self.buffer, self.open, self.count, self.errors = b"", False, 0, 0
        self.started, self.times = 0.0, []

    def connection_made(self, transport) -> None:
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            f"GET /ws HTTP/1.1\r\nHost: {self.host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.open:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if not sep:
                return
            self.open, self.buffer = head.startswith(b"HTTP/1.1 101"), rest
        while len(self.buffer) >= 2:
            opcode, size, start = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if size == 126:
                size, start = struct.unpack(">H", self.buffer[2:4])[0], 4
            elif size == 127:
                size, start = struct.unpack(">Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < start + size:
                return
            payload = self.buffer[start : start + size]
            self.buffer = self.buffer[start + size :]
            if opcode == 1:  # text; control frames (a ping every 20 s) do not matter here
                self.on_message(payload)

    def on_message(self, payload: bytes) -> None:
        if b'"hello"' in payload or b'"heartbeat"' in payload:
            if b'"hello"' in payload:  # the server speaks first: now the first request
                self.send()
            return  # pushed unasked: not a reply
        self.count += 1
        self.errors += b'"prediction"' not in payload
        self.times.append(time.perf_counter() - self.started)
        if time.perf_counter() < self.deadline:
            self.send()
        elif not self.done.done():
            self.done.set_result(None)

    def send(self) -> None:
        self.started = time.perf_counter()
        self.transport.write(self.frame)


def masked_text_frame(text: bytes) -> bytes:
    mask = os.urandom(4)
    size = len(text)
    head = (
        bytes([0x81, 0x80 | size]) if size < 126 else bytes([0x81, 0xFE]) + struct.pack(">H", size)
    )
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(text))


async def websocket_load(address: str, seconds: float, connections: int) -> dict:
    host, port = address.rsplit(":", 1)
    message = {"type": "predict", "id": "1", "model_id": "iris", "features": ROW}
    frame = masked_text_frame(json.dumps(message).encode())
    loop = asyncio.get_running_loop()
    clients = []
    deadline = time.perf_counter() + seconds
    for _ in range(connections):
        done = loop.create_future()
        _, client = await loop.create_connection(
            lambda d=done: RawWebSocket(address, frame, d), host, int(port)
        )
        client.deadline = deadline
        clients.append(client)
    started = time.perf_counter()
    await asyncio.wait([c.done for c in clients], timeout=seconds + 10)
    elapsed = time.perf_counter() - started
    times = sorted(t for c in clients for t in c.times)
    count = len(times)
    return {
        "requests": count,
        "errors": sum(c.errors for c in clients),
        "seconds": elapsed,
        "rps": count / elapsed,
        "p50_ms": times[count // 2] * 1000 if times else None,
        "p99_ms": times[int(count * 0.99)] * 1000 if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["grpc_predict", "grpc_batch", "grpc_generate", "ws"])
    parser.add_argument("address")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if args.kind == "ws":
        import uvloop

        result = uvloop.run(websocket_load(args.address, args.seconds, args.connections))
    else:
        import subprocess

        with h2load_command(args.kind, args.address, args.seconds, args.connections) as command:
            output = subprocess.run(command, capture_output=True, text=True).stdout
        result = parse_h2load(output)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

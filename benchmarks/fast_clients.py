"""Clients cheaper than the servers they load, so a throughput figure is the server's.

- gRPC: ``h2load`` (C, from Debian's nghttp2-client) posts one pre-built gRPC message
  (a 5-byte frame header, then the protobuf) per request over HTTP/2: unary ``Predict``,
  ``PredictBatch`` and the 32-token ``Generate`` stream (a stream counts once, when it
  ends). No gevent bridge: this is gRPC as a C client meets it.
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
import re
import shutil
import struct
import tempfile
import time

from benchmarks.payloads import PROMPT, dataset_rows

ROW = dataset_rows("iris")[0]
GRPC = "/prediction.PredictionService/"


def grpc_message(kind: str) -> tuple[str, bytes]:
    """The rpc path and its gRPC-framed request body (uncompressed, length-prefixed)."""
    from services.contract import prediction_pb2 as pb

    message = {
        "grpc_predict": ("Predict", pb.PredictionRequest(model_id="iris", features=ROW)),
        "grpc_batch": (
            "PredictBatch",
            pb.PredictionBatch(model_id="iris", n_features=len(ROW), values=ROW),
        ),
        "grpc_generate": ("Generate", pb.GenerateRequest(**PROMPT)),
    }[kind]
    payload = message[1].SerializeToString()
    return GRPC + message[0], b"\x00" + struct.pack(">I", len(payload)) + payload


def h2load_post(
    url: str, body_file: str, headers: list[str], seconds: float, connections: int, streams=1
) -> list[str]:
    """h2load POSTing ``body_file`` to ``url`` over cleartext HTTP/2 for ``seconds``."""
    return [shutil.which("h2load") or "h2load", "-D", f"{seconds:g}", "-c", str(connections),
            "-m", str(streams), "-t", "1", "-d", body_file,
            *(arg for header in headers for arg in ("-H", header)), url]  # fmt: skip


def h2load_command(
    kind: str, address: str, seconds: float, connections: int, streams: int = 1
) -> list[str]:
    path, body = grpc_message(kind)
    handle, body_file = tempfile.mkstemp(suffix=".grpc")
    os.write(handle, body)
    os.close(handle)
    headers = ["content-type: application/grpc", "te: trailers"]
    return h2load_post(f"http://{address}{path}", body_file, headers, seconds, connections, streams)


def parse_h2load(text: str) -> dict:
    """Requests, failures, rate and latency from h2load's summary (it gives no percentiles)."""
    done, ok = (int(n) for n in re.search(r"(\d+) done, (\d+) succeeded", text).groups())
    seconds = float(re.search(r"finished in ([\d.]+)s", text).group(1))
    units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
    row = re.search(
        r"time for request:\s+(\S+?)(us|ms|s)\s+(\S+?)(us|ms|s)\s+(\S+?)(us|ms|s)", text
    )
    mean = float(row.group(5)) * units[row.group(6)]
    return {
        "requests": done,
        "errors": done - ok,
        "seconds": seconds,
        "rps": float(re.search(r"([\d.]+) req/s", text).group(1)),
        "p50_ms": mean,
        "p99_ms": float(row.group(3)) * units[row.group(4)],  # the max: h2load has no p99
    }


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

        command = h2load_command(args.kind, args.address, args.seconds, args.connections)
        result = parse_h2load(subprocess.run(command, capture_output=True, text=True).stdout)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

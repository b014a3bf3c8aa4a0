"""Small asyncio clients that load one route as fast as one core allows: the ceilings.

Locust is convenient but slow (gevent, pure Python per request). These clients do the
least work per request, so the rate they reach bounds what the server can do; the
benchmark divides Locust's rate by theirs. One process, N concurrent callers, each
reusing its connection (channel, socket) as Locust's users do.

    python -m benchmarks.asyncio_clients grpc_predict 127.0.0.1:50051 --seconds 5
prints one JSON object: requests, errors, seconds, p50_ms, p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit

import numpy as np

from benchmarks.payloads import PROMPT, dataset_rows

ROW = dataset_rows("iris")[0]
JSON = "application/json"
PREDICT = json.dumps({"model_id": "iris", "features": ROW}).encode()


async def http_exchange(reader, writer, request: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a keep-alive connection: status and body (sized or chunked)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        body = b""
        while size := int((await reader.readline()).strip(), 16):
            body += await reader.readexactly(size + 2)
        await reader.readline()
        return status, body
    length = int(headers.split(b"content-length:")[1].split(b"\r\n")[0])
    return status, await reader.readexactly(length)


def http_request(
    url: str, path: str, body: bytes | None, accept: str = JSON, media: str = JSON
) -> bytes:
    """A POST with ``body``, or a GET without one (``body`` None)."""
    host = urlsplit(url).netloc
    if body is None:
        return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: {accept}\r\n\r\n".encode()
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {media}\r\n"
        f"Accept: {accept}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def http_caller(url: str, path: str, body: bytes | None, expected: int, accept=JSON, media=JSON):
    async def factory():
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        request = http_request(url, path, body, accept, media)

        async def call() -> bool:
            status, _ = await http_exchange(reader, writer, request)
            return status == expected

        return call

    return factory


def grpc_caller(address: str):
    async def factory():
        import grpc

        from services.contract import prediction_pb2 as pb
        from services.contract import prediction_pb2_grpc

        channel = grpc.aio.insecure_channel(address)
        stub = prediction_pb2_grpc.PredictionServiceStub(channel)
        request = pb.PredictionRequest(features=ROW, model_id="iris")

        async def call() -> bool:
            return bool((await stub.Predict(request)).label)

        return call

    return factory


def websocket_caller(url: str):
    async def factory():
        from websockets.asyncio.client import connect

        socket = await connect(url, compression=None)
        await socket.recv()  # hello
        counter = iter(range(1 << 62))

        async def call() -> bool:
            request_id = str(next(counter))
            message = {"type": "predict", "id": request_id, "model_id": "iris", "features": ROW}
            await socket.send(json.dumps(message))
            while (reply := json.loads(await socket.recv()))["id"] != request_id:
                pass  # a heartbeat
            return reply["type"] == "prediction"

        return call

    return factory


def batch_caller(kind: str):
    """wrk_batch.lua's request (one iris row in the kind's format), for machines without wrk."""

    def caller(url: str):
        from benchmarks.ceilings import one_row_body

        body, media = one_row_body(kind)
        return http_caller(url, "/batch-predictions?model_id=iris", body, 200, media, media)

    return caller


CALLERS = {
    "rest_predict": lambda url: http_caller(url, "/predictions", PREDICT, 201),
    "healthz": lambda url: http_caller(url, "/healthz", None, 200),
    "ladder_domain": lambda url: http_caller(url, "/ladder/domain", PREDICT, 201),
    "ladder_store": lambda url: http_caller(url, "/ladder/store", PREDICT, 201),
    "batch_json_1": batch_caller("batch_json_1"),
    "batch_protobuf_1": batch_caller("batch_protobuf_1"),
    "sse_generate": lambda url: http_caller(
        url, "/generate", json.dumps(PROMPT).encode(), 200, "text/event-stream"
    ),
    "grpc_predict": grpc_caller,
    "websocket_predict": websocket_caller,
}


async def load(kind: str, url: str, seconds: float, connections: int) -> dict:
    calls = [await CALLERS[kind](url)() for _ in range(connections)]
    times, errors = [], 0
    deadline = time.perf_counter() + seconds

    async def worker(call) -> None:
        nonlocal errors
        while (started := time.perf_counter()) < deadline:
            try:
                ok = await call()
            except Exception:  # noqa: BLE001 - counted, the ceiling goes on
                ok = False
            times.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker(call) for call in calls))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(times),
        "errors": errors,
        "seconds": elapsed,
        "rps": len(times) / elapsed,
        "p50_ms": float(np.percentile(times, 50)) if times else None,
        "p99_ms": float(np.percentile(times, 99)) if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(CALLERS))
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    try:
        from uvloop import run  # the faster event loop uvicorn uses too
    except ImportError:
        run = asyncio.run
    print(json.dumps(run(load(args.kind, args.url, args.seconds, args.connections))))


if __name__ == "__main__":
    main()

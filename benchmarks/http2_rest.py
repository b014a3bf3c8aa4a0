"""The FastAPI service under hypercorn, which speaks HTTP/2 as well as HTTP/1.1.

"Is gRPC faster?" has three suspects: the encoding (Protobuf), the transport (HTTP/2)
and the server (grpcio's C core). uvicorn speaks only HTTP/1.1, so the benchmark serves
the very same app here and sends the same Protobuf request over both transports to the
same server: HTTP/1.1 with wrk, HTTP/2 with h2load, which opens cleartext HTTP/2 with
prior knowledge (h2c) and hypercorn accepts. Only the transport changes between the two.

Benchmark use only: the services run on uvicorn (``services/common/asgi_server.py``).

    python -m benchmarks.http2_rest --port 8443     # then: h2load -n 100 http://127.0.0.1:8443/healthz
"""

from __future__ import annotations

import argparse

import uvloop
from hypercorn.asyncio import serve
from hypercorn.config import Config

from services.fastapi_rest import create_app


def config(host: str, port: int) -> Config:
    settings = Config()
    settings.bind = [f"{host}:{port}"]
    settings.accesslog = None  # as the services: no line per request
    settings.loglevel = "WARNING"
    return settings


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    args = parser.parse_args()
    uvloop.run(serve(create_app(), config(args.host, args.port)))  # uvloop, as the services

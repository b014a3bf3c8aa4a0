"""Ask one service whether it is ready, for a container HEALTHCHECK: exit 0 if so, 1 if not.

Usage:
    python -m services.common.healthcheck http://127.0.0.1:8000/readyz
    python -m services.common.healthcheck grpc://127.0.0.1:50051
    python -m services.common.healthcheck fastapi_rest    # the image's HEALTHCHECK

A service name stands for its readiness URL on 127.0.0.1, at the port the service itself
takes: $PORT (set by a platform such as Cloud Run), else $APILAB_PORT, else its default
(``ports.py``).

HTTP: ready means the URL answers 200. gRPC: ready means the standard health protocol
(grpc.health.v1.Health/Check) answers SERVING; ``grpc://host:port/pkg.Service`` asks about
one service instead of the whole server. Slim images have no curl, and curl does not
speak gRPC health, so the check is this small module, run by the image's own Python.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .ports import PORTS

# A health check talks to the service directly, never through an HTTP(S)_PROXY from the env.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_ready(url: str, timeout: float) -> tuple[bool, str]:
    try:
        with DIRECT.open(url, timeout=timeout) as response:
            return response.status == 200, f"HTTP {response.status}"
    except urllib.error.HTTPError as error:  # 503 while loading or draining
        return False, f"HTTP {error.code}"
    except OSError as error:  # refused, timed out, unresolvable
        return False, f"no answer: {error}"


def grpc_ready(target: str, service: str, timeout: float) -> tuple[bool, str]:
    # Imported here, so an HTTP check does not pay for loading grpc.
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)]) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        try:
            answer = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as error:
            return False, f"gRPC {error.code().name}: {error.details()}"
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status)
    return answer.status == health_pb2.HealthCheckResponse.SERVING, status


def url_of(service: str, env=os.environ) -> str:
    """The readiness URL of ``service`` (a key of PORTS) running in this container."""
    port = env.get("PORT") or env.get("APILAB_PORT") or PORTS[service]
    if service == "grpc_service":
        return f"grpc://127.0.0.1:{port}"
    return f"http://127.0.0.1:{port}/readyz"


def is_ready(url: str, timeout: float) -> tuple[bool, str]:
    """(ready?, what was seen) for an ``http(s)://`` or ``grpc://`` URL."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return http_ready(url, timeout)
    if parts.scheme == "grpc":
        return grpc_ready(parts.netloc, parts.path.lstrip("/"), timeout)
    raise ValueError(f"unsupported URL scheme {parts.scheme!r}: use http, https or grpc")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Exit 0 if the service is ready, 1 if not.")
    parser.add_argument(
        "url", help="http://host:port/readyz, grpc://host:port[/service] or a service name"
    )
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds (default 2)")
    args = parser.parse_args(argv)
    if args.url in PORTS:
        args.url = url_of(args.url)
    try:
        ready, seen = is_ready(args.url, args.timeout)
    except ValueError as error:  # 1, not argparse's 2: Docker reserves exit code 2
        print(f"not ready: {error}", file=sys.stderr)
        return 1
    # Docker keeps this line in `docker inspect` (.State.Health.Log): say what was seen.
    print(f"{'ready' if ready else 'not ready'}: {args.url} ({seen})")
    return 0 if ready else 1


if __name__ == "__main__":
    sys.exit(main())

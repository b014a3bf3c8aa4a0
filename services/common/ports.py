"""The default port of every service, in one place.

Each service's settings read its port from here; tests/test_ports.py checks that the
Dockerfile's health check, compose.yaml, the Makefile's help, the READMEs and
docs/architecture.md say the same numbers. Change a port here, then fix what that test
names.
"""

from __future__ import annotations

PORTS = {
    "flask_rest": 5000,
    "fastapi_rest": 8000,
    "grpc_service": 50051,
    "websocket_service": 8765,
    "sse_service": 8001,
    "gateway": 8080,
}

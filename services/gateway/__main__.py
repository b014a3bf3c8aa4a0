"""Serve the gateway under uvicorn.

Usage: ``python -m services.gateway --host 127.0.0.1 --port 8080``
(``APILAB_GATEWAY_KEYS`` is required to bind anywhere but loopback).
"""

from __future__ import annotations

import signal
import sys

import uvicorn

from services.common.cli import parse_settings

from . import create_app
from .observability import log_json_lines
from .settings import GatewaySettings


def main(argv=None) -> None:
    settings = parse_settings(GatewaySettings, "OpenAI-compatible GenAI gateway", argv)
    log_json_lines()
    # uvicorn drains, restores these handlers and re-raises the signal it caught: exit 0
    # then, not "killed by SIGTERM", since the stop was clean.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: sys.exit(0))
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http="httptools",
        loop="uvloop",
        access_log=False,  # the gateway writes its own line per request, as JSON
        log_level=settings.log_level,
        timeout_graceful_shutdown=settings.grace_seconds,
    )


if __name__ == "__main__":
    main()

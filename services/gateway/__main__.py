"""Serve the gateway under uvicorn.

Usage: ``python -m services.gateway --host 127.0.0.1 --port 8080``
(``APILAB_GATEWAY_KEYS`` is required to bind anywhere but loopback).
"""

from __future__ import annotations

import sys

from services.common.asgi_server import serve
from services.common.cli import parse_settings

from . import create_app
from .observability import log_json_lines
from .settings import GatewaySettings

# A caller's large body is Python work holding the GIL, on the loop or on a worker thread;
# a thread hands the GIL back to the event loop only every switch interval (5 ms by
# default). At 1 ms the other callers wait less behind it (README, "One heavy caller").
SWITCH_INTERVAL_S = 0.001


def main(argv=None) -> None:
    settings = parse_settings(GatewaySettings, "OpenAI-compatible GenAI gateway", argv)
    log_json_lines()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    serve(create_app(settings), settings)  # no access log: the gateway logs its own JSON lines


if __name__ == "__main__":
    main()

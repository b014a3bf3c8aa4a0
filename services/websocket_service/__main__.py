"""Serve predictions and tokens over WebSocket.

Usage: ``python -m services.websocket_service --host 127.0.0.1 --port 8765``
"""

import asyncio

from services.common.cli import parse_settings

from .server import WebSocketApp
from .settings import WebSocketSettings


def main(argv=None) -> None:
    settings = parse_settings(WebSocketSettings, "WebSocket prediction service", argv)
    asyncio.run(WebSocketApp(settings).serve())


if __name__ == "__main__":
    main()

"""Serve predictions and tokens over WebSocket.

Usage: ``python -m services.websocket_service --host 127.0.0.1 --port 8765``
"""

import asyncio
import logging

from services.common.cli import parse_settings

from .server import WebSocketApp
from .settings import WebSocketSettings


def main(argv=None) -> None:
    settings = parse_settings(WebSocketSettings, "WebSocket prediction service", argv)
    # the library's debug log prints every handshake line and header, API keys included
    logging.getLogger("websockets").setLevel(max(logging.INFO, logging.getLogger().level))
    asyncio.run(WebSocketApp(settings).serve())


if __name__ == "__main__":
    main()

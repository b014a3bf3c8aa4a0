"""Settings of the WebSocket service (``APILAB_*`` environment variables)."""

from services.common.ports import PORTS
from services.common.settings import ServiceSettings


class WebSocketSettings(ServiceSettings):
    port: int = PORTS["websocket_service"]
    token_delay: float = 0.02  # seconds before each generated token (an LLM's pace)
    heartbeat_seconds: float = 15.0  # how often the server pushes a heartbeat unasked
    # APILAB_WS_COMPRESSION: permessage-deflate, the library's default; the benchmark
    # turns it off, since compressing small JSON costs more CPU than it saves on loopback
    ws_compression: bool = True

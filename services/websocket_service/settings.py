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
    # memory: a client that stops reading can leave at most max_queue + 1 frames of
    # max_body_bytes queued, plus the one being read: 3 x 16 MiB = 48 MiB by default
    ws_max_queue: int = 1
    # connections open at once (handshakes included); more get 503 + Retry-After
    max_connections: int = 256

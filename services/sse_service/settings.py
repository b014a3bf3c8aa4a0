"""Settings of the SSE service (``APILAB_*`` environment variables)."""

from services.common.ports import PORTS
from services.common.settings import CommaList, ServiceSettings


class SSESettings(ServiceSettings):
    port: int = PORTS["sse_service"]
    token_delay: float = 0.02  # seconds before each token (an LLM's pace)
    keepalive_seconds: float = 15.0  # a ": ping" comment on idle streams keeps proxies open
    retry_ms: int = 3000  # how long EventSource waits before reconnecting
    # APILAB_CORS_ORIGINS=http://127.0.0.1:8000,http://localhost:8000 (or a JSON list)
    cors_origins: CommaList = ["http://127.0.0.1:8000", "http://localhost:8000"]

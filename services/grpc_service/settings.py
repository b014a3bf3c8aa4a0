"""Settings of the gRPC service (``APILAB_*`` environment variables)."""

from services.common.ports import PORTS
from services.common.settings import ServiceSettings


class GrpcSettings(ServiceSettings):
    port: int = PORTS["grpc_service"]
    workers: int = 16  # thread pool: calls served at once, streams included
    # threads no streaming call may take: unary calls and health always find one
    reserved_workers: int = 4
    token_delay: float = 0.0  # seconds before each generated token (an LLM's pace)
    # a connection is recycled (GOAWAY) after this long; its calls then get
    # request_timeout to finish before it is closed: no call holds a worker for ever
    max_connection_age: float = 300.0
    # HTTP/2 streams at once per connection: on gRPC every call is one, unary ones too,
    # so the cap is higher than for SSE or WebSocket streams (100, HTTP/2's usual minimum)
    max_streams_per_client: int = 100

"""Serve the SSE streams under uvicorn.

Usage: ``python -m services.sse_service --host 127.0.0.1 --port 8001``
"""

from services.common.asgi_server import serve
from services.common.cli import parse_settings

from . import create_app
from .settings import SSESettings


def main(argv=None) -> None:
    settings = parse_settings(SSESettings, "Server-Sent Events service", argv)
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()

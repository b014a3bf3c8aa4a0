"""Serve the FastAPI app under uvicorn (one process, uvloop + httptools).

Usage: ``python -m services.fastapi_rest --host 127.0.0.1 --port 8000``
"""

from __future__ import annotations

from services.common.asgi_server import serve
from services.common.cli import parse_settings

from . import create_app
from .settings import FastAPISettings


def main(argv=None) -> None:
    settings = parse_settings(FastAPISettings, "REST over FastAPI", argv)
    serve(create_app(settings), settings, access_log=settings.access_log)


if __name__ == "__main__":
    main()

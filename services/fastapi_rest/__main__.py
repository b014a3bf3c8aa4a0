"""Serve the FastAPI app under uvicorn (one process, uvloop + httptools).

Usage: ``python -m services.fastapi_rest --host 127.0.0.1 --port 8000``
"""

from __future__ import annotations

import uvicorn

from services.common.cli import parse_settings

from . import create_app
from .settings import FastAPISettings


def main(argv=None) -> None:
    settings = parse_settings(FastAPISettings, "REST over FastAPI", argv)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http="httptools",
        loop="uvloop",
        access_log=settings.access_log,
        log_level=settings.log_level,
        timeout_graceful_shutdown=settings.grace_seconds,
    )


if __name__ == "__main__":
    main()

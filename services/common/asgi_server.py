"""Run an ASGI app under uvicorn the same way in every service (one process, uvloop).

On SIGTERM/SIGINT uvicorn stops accepting, drains in-flight requests (bounded by
``grace_seconds``), restores the previous signal handlers and re-raises the signal.
Handlers installed here turn that final re-raise into exit code 0: the stop was clean.
"""

from __future__ import annotations

import contextlib
import signal
import sys

import uvicorn

from .deadlines import deadline_protocol
from .settings import ServiceSettings


def serve(app, settings: ServiceSettings, access_log: bool = False) -> None:
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: sys.exit(0))
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        http=deadline_protocol(settings.request_timeout),  # httptools, plus deadlines
        loop="uvloop",
        access_log=access_log,
        log_level=settings.log_level,
        timeout_graceful_shutdown=settings.grace_seconds,
    )


@contextlib.asynccontextmanager
async def readiness(app):
    """Lifespan of every ASGI service: ready once started, not ready while draining.

    ``/readyz`` reads ``app.state.ready``: 503 before start-up and during shutdown.
    """
    app.state.ready = True
    yield
    app.state.ready = False

"""Server-Sent Events: tokens and predictions pushed over one plain HTTP response.

Run: ``python -m services.sse_service --port 8001``, then
``curl -N 'localhost:8001/generate?prompt=An%20API&max_tokens=8'``
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from services.common import asgi_errors, asgi_health
from services.common.asgi_server import readiness
from services.common.body_limit import BodyLimit
from services.common.stream_slots import StreamSlots
from services.domain import Predictor

from . import streams
from .access import APIKey
from .settings import SSESettings


def create_app(settings: SSESettings | None = None) -> FastAPI:
    settings = settings or SSESettings()

    app = FastAPI(
        title="API Lab (SSE)", version="1.0.0", docs_url=None, redoc_url=None, lifespan=readiness
    )
    app.state.settings, app.state.ready = settings, False
    app.state.service = Predictor(
        max_batch_rows=settings.max_batch_rows, max_tokens=settings.max_tokens
    )
    app.state.streams = StreamSlots(settings.max_streams_per_client)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    # the browser demo page is served by the REST service: another origin
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
    )
    asgi_errors.register(app)  # the same problem+json mapping as the REST service
    app.state.routers = [asgi_health.router, streams.router]  # asgi_errors lists them for 405
    app.include_router(asgi_health.router)
    app.include_router(streams.router, dependencies=[APIKey])  # open while no keys are set
    return app

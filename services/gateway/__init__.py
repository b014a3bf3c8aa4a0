"""An OpenAI-compatible GenAI gateway: one API in front of every model of API Lab.

Run: ``python -m services.gateway --port 8080``, then
``curl -s localhost:8080/v1/models -H "Authorization: Bearer sk-apilab-demo"``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.common.asgi_server import readiness
from services.common.body_limit import BodyLimit
from services.common.stream_slots import StreamSlots
from services.domain import Predictor

from . import chat, embeddings, errors, health, models, spend
from .access import AccessControl, configured_keys
from .backends.registry import build_backends
from .guardrails import Guardrails
from .key_first import KeyFirst
from .observability import Metrics, RequestLog
from .openapi import install as install_openapi
from .output_guard import OutputGuard
from .responses import drop_fastapi_422
from .settings import GatewaySettings
from .store import Store
from .styles import bedrock, vertex
from .throttle import Throttle


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """Build the gateway; refuses (SystemExit) to run open with the demo key off loopback."""
    settings = settings or GatewaySettings()
    keys = configured_keys(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        async with readiness(app):
            yield
        for backend in app.state.backends.values():
            await backend.close()
        app.state.store.close()

    app = FastAPI(
        title="API Lab GenAI gateway",
        version="1.0.0",
        description="OpenAI-compatible: /v1/models, /v1/chat/completions, /v1/embeddings.",
        lifespan=lifespan,
        docs_url=None,  # openapi.install serves /docs from local files, no CDN
        redoc_url=None,
    )
    service = Predictor(max_tokens=settings.max_tokens)  # the text generator, in-process
    app.state.settings = settings
    app.state.ready = False
    app.state.backends = build_backends(settings, service)
    app.state.store = Store(settings.state_path(), settings.gateway_cache_size)
    app.state.access = AccessControl(keys, app.state.store, settings.gateway_prices)
    app.state.cache = settings.gateway_cache  # entries live in the store
    app.state.guardrails = Guardrails(settings.gateway_guardrails)
    app.state.output_guard = OutputGuard(settings.gateway_output_guardrails)
    app.state.throttle = Throttle()
    app.state.metrics = Metrics()
    app.state.streams = StreamSlots(settings.max_streams_per_client)  # per API key
    app.add_middleware(KeyFirst)  # innermost: its 401s are logged and counted too
    app.add_middleware(RequestLog, metrics=app.state.metrics)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, answer=lambda error, _: errors.answer(error)
    )
    errors.register(app)
    for module in (health, vertex, models, chat, embeddings, bedrock, spend):
        app.include_router(module.router)
    drop_fastapi_422(app)
    install_openapi(app)
    return app

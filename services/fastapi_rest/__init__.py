"""REST over FastAPI (ASGI): generated OpenAPI, Swagger UI at /docs served offline.

Run: ``python -m services.fastapi_rest --port 8000``, then open http://127.0.0.1:8000/docs
"""

from __future__ import annotations

from fastapi import FastAPI

from services.common import asgi_errors, asgi_health
from services.common.asgi_server import readiness
from services.common.body_limit import BodyLimit
from services.common.server_timing import ServerTimingASGI
from services.common.warmup import WarmUp
from services.domain import PredictionService, PredictionStore

from . import auth, batch, caching, docs, jsonrpc, models, openapi, predictions, web
from .settings import FastAPISettings


def create_app(settings: FastAPISettings | None = None) -> FastAPI:
    """Build the app; tests pass settings with a temporary ``db_path``."""
    settings = settings or FastAPISettings()

    app = FastAPI(
        title="API Lab (FastAPI)",
        version="1.0.0",
        description="Predictions from small scikit-learn models; errors are RFC 9457 problems.",
        docs_url=None,  # replaced by docs.router: Swagger UI from local files, no CDN
        redoc_url=None,
        lifespan=readiness,
    )
    app.state.settings = settings
    app.state.ready = False
    store = PredictionStore(settings.db_path, settings.db_busy_timeout)
    app.state.service = PredictionService(store, max_batch_rows=settings.max_batch_rows)
    app.state.warmup = WarmUp(app.state.service, settings.warmup_seconds)
    app.state.stores_predictions = True  # /readyz: 503 while the store cannot commit
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(caching.HeadAsGet)
    app.add_middleware(ServerTimingASGI)  # outermost: it times the 413s too
    asgi_errors.register(app)
    app.state.routers = [m.router for m in (asgi_health, models, predictions, batch, jsonrpc, docs)]
    if settings.auth_users:  # OAuth 2.0 password flow: POST /token
        app.state.routers.append(auth.router)
    protected = auth.guards(settings)  # [] while auth is off (the default)
    for router in app.state.routers:
        is_open = router in (asgi_health.router, docs.router, auth.router)
        app.include_router(router, dependencies=[] if is_open else protected)
    docs.mount_assets(app)
    openapi.install(app, with_auth=bool(settings.auth_users))
    web.mount_demo(app)
    return app

"""REST over Flask (WSGI): the app factory, as in Flask's tutorial (flaskr).

Run: ``python -m services.flask_rest --port 5000``, then
``curl -s localhost:5000/models``.
"""

from __future__ import annotations

from flask import Flask

from services.common.server_timing import ServerTimingWSGI
from services.common.warmup import WarmUp
from services.domain import PredictionService, PredictionStore

from . import auth, batch, errors, health, models, predictions
from .settings import FlaskSettings


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings (tests pass a temporary DB_PATH)."""
    settings = FlaskSettings()
    app = Flask(__name__)
    app.config.from_mapping(
        DEBUG=False,  # never from FLASK_DEBUG in the environment: debug is for the lab only
        DB_PATH=str(settings.db_path),
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        MAX_BATCH_ROWS=settings.max_batch_rows,
        REQUEST_TIMEOUT=settings.request_timeout,  # enforced by the gunicorn worker (worker.py)
        REQUIRE_IF_MATCH=settings.require_if_match,
        API_KEYS=settings.api_keys,  # empty: no key needed (the default)
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # keep fields in the order the contract lists them
    store = PredictionStore(app.config["DB_PATH"], settings.db_busy_timeout)
    app.extensions["service"] = PredictionService(
        store, max_batch_rows=app.config["MAX_BATCH_ROWS"]
    )
    app.extensions["warmup"] = WarmUp(app.extensions["service"], settings.warmup_seconds)
    errors.register(app)
    auth.register(app)
    for module in (health, models, predictions, batch):
        app.register_blueprint(module.bp)
    app.wsgi_app = ServerTimingWSGI(app.wsgi_app)
    return app

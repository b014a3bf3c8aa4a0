"""Liveness, readiness and the hand-written OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """The models are warmed up and the store can commit; else 503 and when to ask again.

    No 503 while draining: on SIGTERM gunicorn closes the listening socket before its
    workers finish, so a new request (a readiness probe too) is refused, never answered.
    """
    warmup = current_app.extensions["warmup"]
    if not warmup.ready:
        return jsonify(status="warming up"), 503, {"Retry-After": warmup.retry_after()}
    if not current_app.extensions["service"].store.writable():
        return jsonify(status="storage unavailable"), 503, {"Retry-After": "5"}
    return {"status": "ready", "models": len(current_app.extensions["service"].models)}


@bp.get("/openapi.json")
def openapi():
    """Flask has no generator built in: this document is maintained by hand (see the test)."""
    return yaml.safe_load(OPENAPI.read_text())

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
    """The models are loaded (they are, once the app exists) and we are not draining."""
    if current_app.config.get("DRAINING"):
        return jsonify(status="shutting down"), 503
    if not current_app.extensions["service"].store.writable():
        return jsonify(status="storage unavailable"), 503
    return {"status": "ready", "models": len(current_app.extensions["service"].models)}


@bp.get("/openapi.json")
def openapi():
    """Flask has no generator built in: this document is maintained by hand (see the test)."""
    return yaml.safe_load(OPENAPI.read_text())

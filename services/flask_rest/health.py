"""Liveness, readiness and the hand-written OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import Blueprint, current_app

bp = Blueprint("health", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """The models are loaded: they are, once the app exists.

    No 503 while draining: on SIGTERM gunicorn closes the listening socket before its
    workers finish, so a new request (a readiness probe too) is refused, never answered.
    """
    return {"status": "ready", "models": len(current_app.extensions["service"].models)}


@bp.get("/openapi.json")
def openapi():
    """Flask has no generator built in: this document is maintained by hand (see the test)."""
    return yaml.safe_load(OPENAPI.read_text())

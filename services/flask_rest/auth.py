"""Optional API-key check: ``APILAB_API_KEYS=k1,k2`` asks every request for ``X-API-Key``.

A ``before_request`` hook, the Flask way of guarding a whole app; liveness, readiness and
the OpenAPI document stay open so probes and docs work without a key.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from services.common import api_keys

OPEN_ENDPOINTS = {"health.healthz", "health.readyz", "health.openapi"}


def check_api_key() -> None:
    if request.endpoint in OPEN_ENDPOINTS:
        return
    api_keys.require(request.headers.get(api_keys.HEADER), current_app.config["API_KEYS"])


def register(app: Flask) -> None:
    app.before_request(check_api_key)

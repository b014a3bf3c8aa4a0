"""Reading request bodies: JSON only on these routes, shaped by the domain's schemas."""

from __future__ import annotations

from typing import TypeVar

from flask import current_app, request
from pydantic import BaseModel
from werkzeug.exceptions import ClientDisconnected, RequestTimeout

from services.domain import PredictionService
from services.wire.media import require_json, too_large
from services.wire.schemas import decode_json, validate

Schema = TypeVar("Schema", bound=BaseModel)


def service() -> PredictionService:
    return current_app.extensions["service"]


def json_body(schema: type[Schema]) -> Schema:
    """The body as ``schema``; 415 unless it is JSON, 400 if undecodable, 422 if wrong."""
    require_json(request.content_type)
    return validate(schema, decode_json(read_body()))


def read_body() -> bytes:
    """The body, within MAX_CONTENT_LENGTH (Werkzeug raises 413 above it, mostly).

    A chunked body (no Content-Length) is cut at the limit without an error; one more
    byte on the raw stream tells whether it was longer.
    """
    try:
        raw = request.get_data(cache=False)
    except ClientDisconnected:  # stalled past APILAB_REQUEST_TIMEOUT (worker.py), or gone
        limit = current_app.config["REQUEST_TIMEOUT"]
        raise RequestTimeout(f"the body did not arrive within {limit:g} s") from None
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    cut = request.content_length is None and len(raw) >= limit
    if cut and request.environ["wsgi.input"].read(1):
        raise too_large(limit)
    return raw

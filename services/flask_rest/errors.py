"""Every error the Flask service answers, as problem+json (RFC 9457), mapped in one place."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from services.domain.errors import DomainError
from services.wire.media import too_large
from services.wire.problems import PROBLEM_JSON, from_domain_error, problem, unexpected


def _answer(status: int, body: dict, headers: dict | None = None):
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    response.headers.update(headers or {})
    return response


def on_domain_error(error: DomainError):
    status, headers, body = from_domain_error(error, request.path)
    return _answer(status, body, headers)


def on_http_error(error: HTTPException):
    """Werkzeug's own errors (routing, size limit) in the same problem+json shape."""
    if isinstance(error, RequestEntityTooLarge):
        return on_domain_error(too_large(current_app.config["MAX_CONTENT_LENGTH"]))
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or []))
        detail = f"{request.method} is not allowed on {request.path}; allowed: {allowed}"
        return _answer(405, problem(405, detail, request.path), {"Allow": allowed})
    if isinstance(error, NotFound):
        return _answer(404, problem(404, f"nothing at {request.path}", request.path))
    return _answer(error.code or 500, problem(error.code or 500, error.description, request.path))


def on_unexpected(error: Exception):
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return _answer(500, unexpected(request.path))


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, on_domain_error)
    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(Exception, on_unexpected)

"""Every error the gateway answers, in the OpenAI shape, mapped by class in one place.

``{"error": {"message", "type", "param", "code"}}`` with the status code the OpenAI SDK
turns into its exception classes (401 AuthenticationError, 429 RateLimitError, ...).
Unlike the REST services (problem+json), the gateway speaks the OpenAI protocol.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from services.domain import errors
from services.wire import errors as transport
from services.wire.media import too_large

from .access import QuotaExceeded
from .backends import BackendFailed
from .styles.shapes import style_of

log = logging.getLogger(__name__)

# class -> (HTTP status, OpenAI error type, OpenAI code; None = the domain's own code)
OPENAI_ERRORS = {
    errors.MalformedPayload: (400, "invalid_request_error", None),
    errors.InvalidInput: (400, "invalid_request_error", None),
    transport.Unauthenticated: (401, "invalid_request_error", "invalid_api_key"),
    transport.PermissionDenied: (403, "permission_error", "model_not_allowed"),
    errors.NotFound: (404, "invalid_request_error", "model_not_found"),
    transport.PayloadTooLarge: (413, "invalid_request_error", None),
    transport.UnsupportedMediaType: (415, "invalid_request_error", None),
    QuotaExceeded: (429, "insufficient_quota", "insufficient_quota"),
    transport.RateLimited: (429, "rate_limit_error", "rate_limit_exceeded"),
    BackendFailed: (502, "server_error", None),
    errors.Unavailable: (503, "server_error", "service_unavailable"),
}


def error_body(message: str, type_: str, param: str | None = None, code: str | None = None):
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def answer(error: errors.DomainError, path: str = "") -> JSONResponse:
    """The answer to a domain error, in the shape of ``path``'s style (OpenAI's by default)."""
    status, type_, code = next(
        (OPENAI_ERRORS[cls] for cls in type(error).__mro__ if cls in OPENAI_ERRORS),
        (500, "server_error", "internal"),
    )
    param = error.violations[0].field if error.violations else None
    headers = {}
    if isinstance(error, transport.Unauthenticated):
        headers["WWW-Authenticate"] = error.challenge
    if isinstance(error, transport.RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    render = style_of(path)
    if render:
        return render(status, error.message, code or error.code, headers)
    body = error_body(error.message, type_, param, code or error.code)
    return JSONResponse(body, status_code=status, headers=headers)


async def on_domain_error(request: Request, error: errors.DomainError) -> JSONResponse:
    return answer(error, request.url.path)


async def on_validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """Pydantic's first finding, with ``param`` naming the field as the client wrote it."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"] if part != "body"]
    param = ".".join(location) or None
    message = f"{param}: {first['msg']}" if param else first["msg"]
    if first["type"] == "json_invalid":
        message = "the body is not valid JSON"
    render = style_of(request.url.path)
    if render:
        return render(400, message, None, {})
    return JSONResponse(error_body(message, "invalid_request_error", param), status_code=400)


async def on_http_error(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 413:  # BodyLimit, counting a body sent without Content-Length
        return answer(too_large(request.app.state.settings.max_body_bytes))
    if error.status_code == 404:
        message = f"Unknown request URL: {request.method} {request.url.path}"
        return JSONResponse(error_body(message, "invalid_request_error"), status_code=404)
    body = error_body(str(error.detail), "invalid_request_error")
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "an unexpected error occurred; it has been logged"
    render = style_of(request.url.path)
    if render:
        return render(500, message, None, {})
    return JSONResponse(error_body(message, "server_error"), status_code=500)


def register(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)

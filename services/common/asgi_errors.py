"""Every error an ASGI service answers, as problem+json (RFC 9457): REST over FastAPI and SSE."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from services.domain.errors import DomainError, MalformedPayload
from services.wire.json_body import NOT_UTF8, json_failure
from services.wire.media import too_large
from services.wire.problems import PROBLEM_JSON, from_domain_error, problem, unexpected
from services.wire.schemas import to_domain_error

log = logging.getLogger(__name__)


def _answer(status: int, body: dict, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def on_domain_error(request: Request, error: DomainError) -> JSONResponse:
    status, headers, body = from_domain_error(error, request.url.path)
    return _answer(status, body, headers)


async def on_validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """Pydantic's findings in the domain's words: the same body Flask sends."""
    return await on_domain_error(request, to_domain_error(list(error.errors())))


async def on_http_error(request: Request, error: HTTPException) -> JSONResponse:
    path = request.url.path
    if error.status_code == 413:
        limit = request.app.state.settings.max_body_bytes
        return await on_domain_error(request, too_large(limit))
    if error.status_code == 400:  # FastAPI's own answer when json.loads fails to decode
        cause = error.__cause__
        if isinstance(cause, ValueError | RecursionError):
            return await on_domain_error(request, json_failure(cause))
        return await on_domain_error(request, MalformedPayload(NOT_UTF8))
    if error.status_code == 405:
        allowed = ", ".join(_allowed_methods(request))
        detail = f"{request.method} is not allowed on {path}; allowed: {allowed}"
        return _answer(405, problem(405, detail, path), {"Allow": allowed})
    if error.status_code == 404:
        return _answer(404, problem(404, f"nothing at {path}", path))
    return _answer(error.status_code, problem(error.status_code, str(error.detail), path))


def _allowed_methods(request: Request) -> list[str]:
    """Every method of every route on this path (Starlette lists only the first route's)."""
    methods: set[str] = set()
    for route in (route for router in request.app.state.routers for route in router.routes):
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _answer(500, unexpected(request.url.path))


def register(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)

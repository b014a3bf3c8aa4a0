"""Domain errors as HTTP answers: RFC 9457 problem details (``application/problem+json``).

The HTTP answer of a domain error, shared by every HTTP adapter (Flask, FastAPI, SSE):
its status from the error table (``status.py``, by class, never by message), its body,
and the headers some errors need (``WWW-Authenticate``, ``Retry-After``).
"""

from __future__ import annotations

from http import HTTPStatus

from services.domain import errors

from . import errors as transport
from . import status as table

PROBLEM_JSON = "application/problem+json"


def status_of(error: errors.DomainError) -> int:
    return table.status_of(error).http  # the error table: services/wire/status.py


def problem(
    status: int, detail: str, instance: str, code: str | None = None, title: str | None = None
) -> dict:
    """A problem-details body; ``type`` names the problem, ``code`` is the domain's."""
    body = {
        "type": f"/problems/{code}" if code else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if code:
        body["code"] = code
    return body


def from_domain_error(error: errors.DomainError, instance: str) -> tuple[int, dict, dict]:
    """(status, headers, body) for a domain error raised while serving ``instance``."""
    status = status_of(error)
    body = problem(status, error.message, instance, error.code, error.title)
    if error.violations:
        body["errors"] = [violation.as_dict() for violation in error.violations]
    headers = {}
    if (
        isinstance(error, transport.Unauthenticated | transport.PermissionDenied)
        and error.challenge
    ):
        headers["WWW-Authenticate"] = error.challenge
    if isinstance(error, transport.RateLimited | errors.StorageUnavailable):
        headers["Retry-After"] = str(error.retry_after)
    return status, headers, body


def unexpected(instance: str) -> dict:
    """The body of a 500: nothing about the cause leaks; the log has the traceback."""
    return problem(500, "an unexpected error occurred; it has been logged", instance, "internal")

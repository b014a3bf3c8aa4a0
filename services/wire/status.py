"""Each error class's status on every protocol, decided here and nowhere else.

The error table of docs/architecture.md as code: REST and SSE answer ``http`` (as
problem+json), gRPC aborts with the ``grpc`` status code (named, so the wire needs no
grpcio), JSON-RPC puts ``jsonrpc`` in its error object. A subclass takes its nearest
parent's row; a class with no row is an unexpected error (500, INTERNAL, -32603). The
gateway speaks OpenAI's protocol and keeps its own table (services/gateway/errors.py).
"""

from __future__ import annotations

from typing import NamedTuple

from services.domain import errors

from . import errors as transport


class Status(NamedTuple):
    http: int
    grpc: str  # a grpc.StatusCode name
    jsonrpc: int = -32603  # Internal error, unless the row says otherwise


INTERNAL = Status(500, "INTERNAL")

TABLE: dict[type[errors.DomainError], Status] = {
    errors.MalformedPayload: Status(400, "INVALID_ARGUMENT"),
    transport.Unauthenticated: Status(401, "UNAUTHENTICATED"),
    transport.PermissionDenied: Status(403, "PERMISSION_DENIED"),
    errors.NotFound: Status(404, "NOT_FOUND", -32004),  # a server code: the thing is absent
    transport.NotAcceptable: Status(406, "INTERNAL"),  # gRPC has no Accept header
    errors.PreconditionFailed: Status(412, "FAILED_PRECONDITION"),
    transport.PayloadTooLarge: Status(413, "RESOURCE_EXHAUSTED"),
    transport.UnsupportedMediaType: Status(415, "INTERNAL"),  # gRPC has one media type
    errors.InvalidInput: Status(422, "INVALID_ARGUMENT", -32602),  # Invalid params
    errors.PreconditionRequired: Status(428, "FAILED_PRECONDITION"),
    transport.RateLimited: Status(429, "RESOURCE_EXHAUSTED"),
    errors.Unavailable: Status(503, "UNAVAILABLE", -32003),  # a server code: try again later
}


def status_of(error: errors.DomainError) -> Status:
    for cls in type(error).__mro__:
        if cls in TABLE:
            return TABLE[cls]
    return INTERNAL


def error_body(error: errors.DomainError) -> dict:
    """``{"code", "message", "errors"}``: a domain error as WebSocket, SSE and JSON-RPC send
    it (``errors``, the field violations, only when there are some)."""
    body = {"code": error.code, "message": error.message}
    if error.violations:
        body["errors"] = [violation.as_dict() for violation in error.violations]
    return body

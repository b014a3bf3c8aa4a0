"""Media-type checks and body-size errors shared by the HTTP adapters."""

from __future__ import annotations

from services.wire.errors import PayloadTooLarge, UnsupportedMediaType


def mimetype_of(content_type: str | None) -> str:
    """'application/json; charset=utf-8' -> 'application/json'."""
    return (content_type or "").split(";")[0].strip().lower()


def require_json(content_type: str | None) -> None:
    """415 unless the body is JSON or ``+json`` (a form or text would reach the parser)."""
    mimetype = mimetype_of(content_type)
    if mimetype != "application/json" and not (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    ):
        sent = content_type or "no Content-Type"
        raise UnsupportedMediaType(f"{sent} is not supported here; send application/json")


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"the body is larger than the limit of {limit} bytes")

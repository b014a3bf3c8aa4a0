"""Media-type checks and body-size errors shared by the HTTP adapters."""

from __future__ import annotations

from services.wire.errors import PayloadTooLarge, UnsupportedMediaType


def mimetype_of(content_type: str | None) -> str:
    """'application/json; charset=utf-8' -> 'application/json'."""
    return (content_type or "").split(";")[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    mimetype = mimetype_of(content_type)
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def require_json(content_type: str | None) -> None:
    """415 unless the body is JSON (a form or plain text would otherwise reach the parser)."""
    if not is_json(content_type):
        sent = content_type or "no Content-Type"
        raise UnsupportedMediaType(f"{sent} is not supported here; send application/json")


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"the body is larger than the limit of {limit} bytes")

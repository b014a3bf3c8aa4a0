"""Errors about a request as it travels: its media type, its size, its
credentials, its rate.

The domain never raises these (it sees decoded values, not bodies or headers); adapters
and the wire do. They subclass ``DomainError`` so that every adapter maps them with the
same table as the domain's own errors (``services/wire/status.py``).
"""

from __future__ import annotations

from services.domain.errors import DomainError


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    title = "Unsupported media type"


class NotAcceptable(DomainError):
    code = "not_acceptable"
    title = "Not acceptable"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    title = "Payload too large"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    title = "Missing or bad credentials"

    def __init__(self, message: str, challenge: str = 'ApiKey realm="api-lab"'):
        super().__init__(message)
        self.challenge = challenge  # what HTTP sends as WWW-Authenticate


class PermissionDenied(DomainError):
    code = "permission_denied"
    title = "Not allowed"

    def __init__(self, message: str, challenge: str | None = None):
        super().__init__(message)
        self.challenge = challenge  # a bearer token lacking a scope says which (RFC 6750)


class RateLimited(DomainError):
    code = "rate_limited"
    title = "Too many requests"

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after

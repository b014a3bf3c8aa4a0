"""Domain errors: what can go wrong in the operations themselves, whatever the protocol.

Every adapter translates these classes (never their messages) into its own status: see
the error table in docs/architecture.md. Subclasses share their parent's mapping. Errors
about the request as it travels (media type, size, credentials) are the wire's:
``services/wire/errors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One field that failed validation, named the way a client wrote it."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "internal"
    title = "Internal error"

    def __init__(self, message: str, violations: list[FieldViolation] | None = None):
        super().__init__(message)
        self.message = message
        self.violations = list(violations or [])


class MalformedPayload(DomainError):
    """The bytes could not be decoded at all (bad JSON, truncated Parquet, ...)."""

    code = "malformed_payload"
    title = "Malformed payload"


class InvalidInput(DomainError):
    """The payload decoded but a field is wrong (missing, wrong type, out of range)."""

    code = "invalid_input"
    title = "Invalid input"


class InvalidFeatures(InvalidInput):
    """The feature row does not fit the model: wrong count, NaN/inf, non-numeric."""

    code = "invalid_features"
    title = "Invalid features"


class NotFound(DomainError):
    code = "not_found"
    title = "Not found"


class UnknownModel(NotFound):
    code = "unknown_model"
    title = "Unknown model"


class UnknownPrediction(NotFound):
    code = "unknown_prediction"
    title = "Unknown prediction"


class PreconditionFailed(DomainError):
    """A conditional write (If-Match) named a version that is no longer current."""

    code = "precondition_failed"
    title = "Precondition failed"


class PreconditionRequired(DomainError):
    """The service is set to refuse unconditional writes; send If-Match."""

    code = "precondition_required"
    title = "Precondition required"


class IdempotencyKeyReused(InvalidInput):
    """An Idempotency-Key sent again with a different request body."""

    code = "idempotency_key_reused"
    title = "Idempotency key reused"


class Unavailable(DomainError):
    """Not ready yet, or shutting down."""

    code = "unavailable"
    title = "Service unavailable"


class StorageUnavailable(Unavailable):
    """The database cannot take or give rows right now (full, read-only, locked, gone).

    Nothing was stored: the client may send the same request again after ``retry_after``.
    """

    code = "storage_unavailable"
    title = "Storage unavailable"

    def __init__(self, message: str, retry_after: int = 5):
        super().__init__(message)
        self.retry_after = retry_after

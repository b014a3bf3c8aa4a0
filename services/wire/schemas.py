"""Request shapes shared by every JSON protocol (REST, WebSocket, SSE, JSON-RPC).

Pydantic checks the shape (which fields, which types); feature *values* are checked by
``validation.py`` so that a bad feature reads the same on every protocol, gRPC included.
``to_domain_error`` turns pydantic's errors into the domain's, whoever ran the model.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, WithJsonSchema

from services.domain.errors import (
    DomainError,
    FieldViolation,
    InvalidFeatures,
    InvalidInput,
    MalformedPayload,
)

from .json_body import NOT_UTF8, decode_json, json_error_message, json_failure  # noqa: F401

Schema = TypeVar("Schema", bound=BaseModel)

# Feature values are typed Any on purpose: validation.py checks them, with the same
# messages on every protocol; the JSON schema still documents them as numbers.

NUMBERS = {"type": "array", "items": {"type": "number"}}
Features = Annotated[Any, WithJsonSchema(NUMBERS | {"examples": [[5.1, 3.5, 1.4, 0.2]]})]
Rows = Annotated[Any, WithJsonSchema({"type": "array", "items": NUMBERS})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PredictionIn(Strict):
    """Body of POST /predictions: which model, and one row of features."""

    model_id: StrictStr = Field(min_length=1, examples=["iris"])
    features: Features


class FeedbackIn(Strict):
    """Body of PUT /predictions/{id}: the true label (null clears it)."""

    feedback: StrictStr | None


class FeedbackPatch(Strict):
    """Body of PATCH /predictions/{id}: fields left out stay as they are."""

    feedback: StrictStr | None = None


class BatchIn(Strict):
    """JSON/MessagePack body of POST /batch-predictions: only the rows."""

    rows: Rows


class BatchQuery(Strict):
    """Query parameters of POST /batch-predictions."""

    model_id: str = Field(min_length=1, examples=["iris"])


class GenerateIn(Strict):
    """Token generation: SSE POST /generate, WebSocket ``generate``, the gateway's backend.

    Values are typed Any and checked by the service layer (same messages everywhere).
    """

    prompt: Annotated[Any, WithJsonSchema({"type": "string", "examples": ["A gateway"]})]
    max_tokens: Annotated[Any, WithJsonSchema({"type": "integer", "default": 32})] = 32
    seed: Annotated[Any, WithJsonSchema({"type": "integer", "default": 0})] = 0


class GenerateQuery(Strict):
    """Token generation from a query string (EventSource can only send GET)."""

    prompt: str
    max_tokens: int = 32
    seed: int = 0


class ListQuery(Strict):
    """Query parameters of GET /predictions (underscores, as the lecture recommends)."""

    model_id: str | None = None
    page_size: int = Field(default=50, ge=1, le=1000)
    page_token: str | None = None


def validate(schema: type[Schema], data: Any) -> Schema:
    """``schema.model_validate`` with the domain's errors."""
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise to_domain_error(error.errors(include_url=False)) from None


def to_domain_error(errors: list[dict], location_prefixes=("body", "query", "path")) -> DomainError:
    """Pydantic (or FastAPI) error dicts -> one domain error naming every field."""
    violations = []
    for error in errors:
        loc = list(error["loc"])
        if loc and loc[0] in location_prefixes:
            loc = loc[1:]
        if error["type"] == "json_invalid":
            reason = error.get("ctx", {}).get("error", "invalid JSON")
            return MalformedPayload(json_error_message(reason, loc[0] if loc else 0))
        if error["type"] == "missing" and not loc:
            return MalformedPayload("the body is empty: expected a JSON object")
        violations.append(FieldViolation(_field_name(loc), error["msg"]))
    first = violations[0]
    message = f"{first.field}: {first.message}" if first.field else first.message
    if len(violations) > 1:
        message += f" (and {len(violations) - 1} more)"
    is_features = any(v.field.startswith(("features", "rows")) for v in violations)
    return (InvalidFeatures if is_features else InvalidInput)(message, violations)


def _field_name(loc: list) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


# What the services answer (FastAPI declares them; Flask's hand-written OpenAPI mirrors them)
class ModelOut(BaseModel):
    id: str
    version: str
    feature_names: list[str]
    classes: list[str]
    n_features: int


class ModelsOut(BaseModel):
    models: list[ModelOut]


class PredictionOut(BaseModel):
    id: str
    model_id: str
    model_version: str
    features: list[float]
    label: str
    score: float = Field(ge=0, le=1)
    created_at: str
    feedback: str | None


class PredictionPage(BaseModel):
    predictions: list[PredictionOut]
    next_page_token: str | None


class RowResult(BaseModel):
    label: str
    score: float


class BatchOut(BaseModel):
    model_id: str
    predictions: list[RowResult]


class Violation(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, plus the domain's ``code`` and field ``errors``."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    code: str | None = None
    errors: list[Violation] | None = None

"""What every codec provides: a batch of rows in, a batch result out, both ways.

Servers use ``decode_rows`` and ``encode_result``; clients and the benchmark use the
other two; a result is the domain's ``BatchResult``. Rows are float32 (the domain's float
policy) with one column per feature, in the model's order. Undecodable bytes raise
``MalformedPayload`` naming the format.
"""

from __future__ import annotations

import numpy as np

from services.domain.errors import FieldViolation, InvalidFeatures, MalformedPayload
from services.domain.service import BatchResult


class Codec:
    media_type: str = ""
    name: str = ""
    binary: bool = True

    def encode_rows(self, rows: np.ndarray, feature_names: list[str]) -> bytes:
        raise NotImplementedError

    def decode_rows(self, data: bytes, feature_names: list[str]) -> np.ndarray | list:
        raise NotImplementedError

    def encode_result(self, result: BatchResult) -> bytes:
        raise NotImplementedError

    def decode_result(self, data: bytes) -> BatchResult:
        raise NotImplementedError

    def malformed(self, problem: object) -> MalformedPayload:
        return MalformedPayload(f"the body is not valid {self.name}: {problem}")


def number(text: str | None, field: str) -> float:
    """One cell of a text format as a float; a cell that is not one names its place."""
    try:
        return float(text)
    except (TypeError, ValueError):  # TypeError: an XML element with no text at all
        message = f"expected a number, got {text!r}"
        raise InvalidFeatures(message, [FieldViolation(field, message)]) from None


def columns_in_model_order(columns: dict, feature_names: list[str], where: str) -> np.ndarray:
    """Columns matched by name (any order); missing or unknown names are named."""
    missing = [name for name in feature_names if name not in columns]
    unknown = [name for name in columns if name not in feature_names]
    if missing or unknown:
        violations = [FieldViolation(where, f"missing column {n!r}") for n in missing]
        violations += [FieldViolation(where, f"unknown column {n!r}") for n in unknown]
        expected = ", ".join(feature_names)
        raise InvalidFeatures(
            f"{where} must be exactly the model's features: {expected}", violations
        )
    return np.column_stack([_numbers(columns[n]) for n in feature_names]).reshape(
        -1, len(feature_names)
    )


def _numbers(column) -> np.ndarray:
    """A column as numbers: float32 stays float32 (the domain's type), anything else float64."""
    values = np.asarray(column)
    return values if values.dtype.kind == "f" else np.asarray(column, dtype=np.float64)

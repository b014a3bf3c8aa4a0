"""Feature validation, done once in the domain before the fast path runs.

One float policy for every protocol: features are rounded to float32 (the type of the
lecture's ``repeated float features``) before prediction, so REST, gRPC, WebSocket and
every binary data format predict from the very same numbers.

A batch is checked whole, with numpy, when its cells are all numbers (the usual case):
10,000 JSON rows cost milliseconds that way, against most of a second for a Python
walk over 300,000 cells. The walk runs only to explain a failure, so the error still
names every bad cell exactly (``rows[3][7]: expected a number, got 'x'``).
"""

from __future__ import annotations

import functools
import itertools
import math
import struct
from collections.abc import Iterable, Mapping, Sequence, Sized

import numpy as np

from .errors import FieldViolation, InvalidFeatures
from .models import TabularModel

FLOAT32_MAX = float(np.finfo(np.float32).max)


def _describe(value: object) -> str:
    try:
        text = repr(value)
    except RecursionError:  # JSON nested a thousand deep parses (orjson), but repr recurses
        return "a value nested too deeply to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _violation(field: str, value: object) -> FieldViolation | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return FieldViolation(field, f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):
        return FieldViolation(field, f"expected a finite number, got {value!r}")
    if abs(value) > FLOAT32_MAX:
        return FieldViolation(field, f"{value!r} is out of the float32 range")
    return None


def feature_values(model: TabularModel, features: object) -> tuple[float, ...]:
    """One validated row as plain Python floats, float32-rounded (``predict_one``'s input)."""
    if isinstance(features, str | bytes) or not isinstance(features, Sequence):
        raise InvalidFeatures(
            f"features must be a list of {model.n_features} numbers",
            [FieldViolation("features", f"expected a list, got {_describe(features)}")],
        )
    violations = [
        v
        for i, x in enumerate(features)
        if not (type(x) is float and -FLOAT32_MAX <= x <= FLOAT32_MAX)  # the usual case, fast
        and (v := _violation(f"features[{i}]", x))
    ]
    if len(features) != model.n_features:
        violations.insert(0, _count_violation(model, len(features), "features"))
    if violations:
        raise InvalidFeatures(_summary(model, violations), violations)
    packing = _float32_struct(len(features))  # through 4-byte floats and back: rounded
    return packing.unpack(packing.pack(*features))


def feature_row(model: TabularModel, features: object) -> np.ndarray:
    """One validated row as a (1, n_features) float64 array of float32-rounded values."""
    return np.array([feature_values(model, features)])


@functools.cache
def _float32_struct(n: int) -> struct.Struct:
    return struct.Struct(f"{n}f")  # native order: the bytes never leave the process


def feature_matrix(model: TabularModel, rows: object, max_rows: int | None = None) -> np.ndarray:
    """A validated batch: a list of rows or an array already decoded from a binary format."""
    if isinstance(rows, np.ndarray):
        return _check_array(model, rows, max_rows)
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise InvalidFeatures(
            "rows must be a list of feature lists",
            [FieldViolation("rows", f"expected a list of lists, got {_describe(rows)}")],
        )
    _check_row_count(len(rows), max_rows)
    matrix = _numeric_matrix(rows, model.n_features)
    if matrix is not None and np.isfinite(valid := _float32(matrix)).all():
        return valid
    violations: list[FieldViolation] = []
    for r, row in enumerate(rows):
        try:
            feature_values(model, row)
        except InvalidFeatures as error:
            violations += [
                FieldViolation(f"rows[{r}]" + v.field.removeprefix("features"), v.message)
                for v in error.violations
            ]
        if len(violations) >= 20:  # enough to fix the payload; do not echo a huge batch
            break
    if violations:
        raise InvalidFeatures(_summary(model, violations), violations)
    if not rows:
        return np.empty((0, model.n_features))
    return np.asarray(rows, dtype=np.float32)


def _numeric_matrix(rows: Sequence, n_features: int) -> np.ndarray | None:
    """Rows of plain ints and floats, n_features each, as one array; None for anything else.

    ``type`` (not ``isinstance``) on purpose: ``True`` is an int to Python and 1.0 to
    numpy, but never a feature. Anything unusual goes to the walk, which names it.
    """
    try:
        if set(map(len, rows)) != {n_features}:
            return None
        if not set(map(type, itertools.chain.from_iterable(rows))) <= {int, float}:
            return None
        matrix = np.array(rows, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # a row that is no list, a huge int
        return None
    return matrix if matrix.shape == (len(rows), n_features) else None


def check_row_stream(rows: object, max_rows: int | None = None) -> None:
    """Rows to predict one by one: an iterable of rows (not text, not one object), not too many."""
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise InvalidFeatures(
            "rows must be a list of feature lists",
            [FieldViolation("rows", f"expected a list of lists, got {_describe(rows)}")],
        )
    if isinstance(rows, Sized):
        _check_row_count(len(rows), max_rows)


def _check_array(model: TabularModel, rows: np.ndarray, max_rows: int | None) -> np.ndarray:
    if rows.ndim != 2 or rows.shape[1] != model.n_features:
        got = rows.shape[1] if rows.ndim == 2 else rows.ndim
        raise InvalidFeatures(
            f"model {model.id!r} expects {model.n_features} features per row, got {got}",
            [_count_violation(model, got, "rows")],
        )
    _check_row_count(rows.shape[0], max_rows)
    values = _float32(rows)
    if not np.isfinite(values).all():
        bad = np.argwhere(~np.isfinite(values))[:20]
        violations = [_violation(f"rows[{r}][{c}]", float(rows[r, c])) for r, c in bad]
        raise InvalidFeatures(_summary(model, violations), violations)
    return values


def _float32(rows: np.ndarray) -> np.ndarray:
    """The float policy: float32-rounded values (beyond float32: inf).

    Kept as float32: the model's first step promotes them to float64 exactly, so a
    float64 copy of the batch here would only cost memory and page faults.
    """
    # values beyond float32 become inf, and a signalling NaN from raw bytes warns when cast:
    # both are reported as non-finite, so numpy's warnings would only be log noise
    with np.errstate(over="ignore", invalid="ignore"):
        return rows.astype(np.float32, copy=False)


def _check_row_count(n_rows: int, max_rows: int | None) -> None:
    if max_rows is not None and n_rows > max_rows:
        raise InvalidFeatures(
            f"a batch holds at most {max_rows} rows, got {n_rows}",
            [FieldViolation("rows", f"at most {max_rows} rows, got {n_rows}")],
        )


def _count_violation(model: TabularModel, got: int, field: str) -> FieldViolation:
    names = ", ".join(model.feature_names)
    return FieldViolation(field, f"expected {model.n_features} features ({names}), got {got}")


def _summary(model: TabularModel, violations: list[FieldViolation]) -> str:
    first = violations[0]
    more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
    return f"invalid features for model {model.id!r}: {first.field}: {first.message}{more}"

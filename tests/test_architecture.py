"""docs/architecture.md says what the code does: its tables are compared with the code.

The error table with services/wire/status.py, the contracts with pyproject.toml's
import-linter section, the operations table with the domain's classes.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from services.domain import PredictionService, Predictor, errors
from services.wire import errors as transport
from services.wire.status import TABLE, status_of

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs/architecture.md").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells without backticks) of the first table under ``## heading``."""
    section = DOC.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows[2:]]


def test_the_error_table_is_the_one_in_wire_status():
    documented = {row[0]: (int(row[1]), row[2], int(row[3])) for row in table_after("Errors")}
    in_code = {cls.__name__: (s.http, s.grpc, s.jsonrpc) for cls, s in TABLE.items()}
    assert documented == in_code


@pytest.mark.parametrize(
    ("error", "http"),
    [
        (errors.InvalidFeatures("x"), 422),
        (errors.UnknownModel("x"), 404),
        (errors.DomainError("x"), 500),
    ],
)
def test_subclasses_take_their_parents_row_and_the_rest_is_internal(error, http):
    assert status_of(error).http == http


def test_every_error_class_has_a_row_or_a_parent_with_one():
    classes = [
        value
        for module in (errors, transport)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, errors.DomainError)
    ]
    for cls in set(classes) - {errors.DomainError}:
        assert any(parent in TABLE for parent in cls.__mro__), cls.__name__


def test_the_documented_contracts_are_the_ones_lint_imports_checks():
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    documented = {row[0]: row[1] for row in table_after("The import rules")}
    assert documented == {contract["id"]: contract["type"] for contract in contracts}
    (layers,) = [c["layers"] for c in contracts if c["id"] == "layers"]
    names = [layer.removeprefix("services.") for layer in layers[1:]]
    assert names == ["common", "wire", "contract", "domain"]
    adapters = {name.strip().removeprefix("services.") for name in layers[0].split("|")}
    (independent,) = [c["modules"] for c in contracts if c["id"] == "adapters"]
    assert adapters == {name.removeprefix("services.") for name in independent}
    assert adapters == {p.parent.name for p in (ROOT / "services").glob("*/__main__.py")}


def test_stored_and_unstored_predictions_are_two_named_operations():
    rows = {row[0]: row[2] for row in table_after("Two operations for one prediction")}
    assert "POST /predictions" in rows["PredictionService.create_prediction(model_id, features)"]
    assert "POST /predictions" not in rows["Predictor.predict(model_id, features)"]
    assert hasattr(PredictionService, "create_prediction")
    assert not hasattr(Predictor, "create_prediction")
    for name in re.findall(r"`Predictor\.(\w+)", DOC):
        assert callable(getattr(Predictor, name)), name

"""Request shapes: pydantic's findings become domain errors with readable field names."""

import pytest

from services.domain.errors import InvalidInput, MalformedPayload
from services.wire.schemas import PredictionIn, decode_json, to_domain_error, validate


def test_missing_and_extra_fields_are_all_named():
    with pytest.raises(InvalidInput) as caught:
        validate(PredictionIn, {"features": [1], "modelid": "iris"})
    assert [(v.field, v.message) for v in caught.value.violations] == [
        ("model_id", "Field required"),
        ("modelid", "Extra inputs are not permitted"),
    ]
    assert type(caught.value) is InvalidInput


def test_fastapi_locations_are_stripped_and_indexes_bracketed():
    error = to_domain_error([{"type": "x", "loc": ("body", "rows", 3, 1), "msg": "bad"}])
    assert [(v.field, v.message) for v in error.violations] == [("rows[3][1]", "bad")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the body is empty: expected a JSON object"),
        (
            b"{",
            "the body is not valid JSON: Expecting property name enclosed in double quotes"
            " at character 1",
        ),
        (b'{"a": "\xff"}', "the body is not valid JSON: it is not UTF-8 text"),
    ],
)
def test_undecodable_json_is_a_malformed_payload(raw, message):
    with pytest.raises(MalformedPayload, match=message):
        decode_json(raw)

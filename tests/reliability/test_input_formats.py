"""Damaged batches in every data format: a 400 or 422 problem, never a 5xx, on both REST services.

Hypothesis damages a valid batch of each format (random bytes, a cut-off file, one byte
changed, bytes spliced in) and posts it to ``POST /batch-predictions``. The answer must
be the error table's: 400 ``malformed_payload`` when the bytes do not decode, 422 when
they decode to rows that do not fit the model, or 200 when the damage left a valid
batch. The next valid request, on the same connection, must still be answered.
``derandomize`` makes the examples the same on every run.
"""

import gzip

import numpy as np
import pytest
import requests
from fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from services.wire.formats import CODECS

IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
ROWS = np.array([[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4]], np.float32)
URL = "/batch-predictions?model_id=iris"
EXPECTED = {400: {"malformed_payload"}, 422: {"invalid_features", "invalid_input"}}
FUZZ = fuzz(25)


@st.composite
def damaged(draw, valid: bytes) -> bytes:
    how = draw(st.sampled_from(["random", "cut", "changed", "spliced"]))
    if how == "random":
        return draw(st.binary(max_size=300))
    at = draw(st.integers(0, len(valid) - 1))
    if how == "cut":
        return valid[:at]
    if how == "changed":
        return valid[:at] + bytes([draw(st.integers(0, 255))]) + valid[at + 1 :]
    return valid[:at] + draw(st.binary(min_size=1, max_size=20)) + valid[at:]


@pytest.fixture(params=["flask_rest", "fastapi_rest"])
def http(request):
    """One keep-alive session: a bad body must not spoil the connection for the next one."""
    with requests.Session() as session:
        session.base_url = request.getfixturevalue(request.param).url
        yield session


def post(http, media_type: str, body: bytes, **headers) -> requests.Response:
    headers = {"content-type": media_type, "accept-encoding": "identity", **headers}
    return http.post(http.base_url + URL, data=body, headers=headers, timeout=10)


def assert_error_table(response: requests.Response) -> None:
    if response.status_code == 200:  # the damage left a valid batch of two rows
        return
    assert response.status_code in EXPECTED, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] in EXPECTED[response.status_code], problem
    assert problem["detail"]


@pytest.mark.parametrize("media_type", list(CODECS))
def test_a_damaged_batch_is_refused_and_the_next_is_answered(http, media_type):
    valid = CODECS[media_type].encode_rows(ROWS, IRIS)

    @FUZZ
    @given(body=damaged(valid))
    def check(body):
        assert_error_table(post(http, media_type, body))
        answer = post(http, media_type, valid, accept="application/json")
        assert answer.status_code == 200
        assert len(answer.json()["predictions"]) == len(ROWS)

    check()


def test_damaged_gzip_is_400(http):
    valid = gzip.compress(CODECS["text/csv"].encode_rows(ROWS, IRIS))

    @FUZZ
    @given(body=damaged(valid))
    def check(body):
        response = post(http, "text/csv", body, **{"content-encoding": "gzip"})
        assert_error_table(response)

    check()
    assert post(http, "text/csv", valid, **{"content-encoding": "gzip"}).status_code == 200

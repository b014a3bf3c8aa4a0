"""Malformed bodies and queries on the SSE streams: a problem before the stream, or a clean end.

Before the first event a wrong request gets the HTTP answer of the error table (400
undecodable, 404 unknown model, 422 wrong fields, as problem+json); once a stream has
started it ends with ``data: [DONE]`` or an ``event: error``, never cut off. Hypothesis
writes the bodies (NaN literals included) and the query strings.
"""

import json

import pytest
import requests
from fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from services.common.launch import launch

ENV = {"APILAB_MAX_BODY_BYTES": "4096", "APILAB_TOKEN_DELAY": "0"}
PROBLEMS = {400: "malformed_payload", 404: "unknown_model", 422: "invalid_"}
FUZZ = fuzz(30)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)
generate_bodies = st.fixed_dictionaries(
    {},
    optional={
        "prompt": json_values | st.just("An API"),
        "max_tokens": json_values | st.integers(-2, 600),
        "seed": json_values,
    },
)
feature_rows = st.lists(st.lists(scalars, max_size=5), max_size=4)
batch_bodies = st.fixed_dictionaries({}, optional={"rows": json_values | feature_rows})
queries = st.dictionaries(
    st.sampled_from(["prompt", "max_tokens", "seed", "model_id", "other"]), st.text(max_size=6)
)


@pytest.fixture(scope="module")
def sse():
    with launch("sse_service", env=ENV) as server, requests.Session() as session:
        session.base_url = server.url
        yield session


def post_json(sse, path: str, document) -> requests.Response:
    body = json.dumps(document)  # allow_nan: NaN and Infinity literals go out as written
    headers = {"content-type": "application/json"}
    return sse.post(sse.base_url + path, data=body, headers=headers, timeout=10)


def assert_error_table(response: requests.Response) -> None:
    if response.status_code == 200:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "data: [DONE]" in response.text or "event: error" in response.text, response.text
        return
    assert response.status_code in PROBLEMS, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"].startswith(PROBLEMS[response.status_code])


@FUZZ
@given(body=generate_bodies)
def test_generate_with_any_json_body(sse, body):
    assert_error_table(post_json(sse, "/generate", body))


@FUZZ
@given(body=st.binary(max_size=60))
def test_generate_with_any_bytes(sse, body):
    headers = {"content-type": "application/json"}
    response = sse.post(sse.base_url + "/generate", data=body, headers=headers, timeout=10)
    assert_error_table(response)


@FUZZ
@given(query=queries)
def test_generate_with_any_query(sse, query):
    assert_error_table(sse.get(sse.base_url + "/generate", params=query, timeout=10))


@FUZZ
@given(body=batch_bodies | json_values)
def test_batch_stream_with_any_json_body(sse, body):
    assert_error_table(post_json(sse, "/batch-predictions/stream?model_id=iris", body))


@FUZZ
@given(query=queries)
def test_batch_stream_with_any_query(sse, query):
    url = sse.base_url + "/batch-predictions/stream"
    assert_error_table(sse.post(url, params=query, json={"rows": [[5.1, 3.5, 1.4, 0.2]]}))


@pytest.mark.parametrize("rows", [None, 5, "5.1,3.5,1.4,0.2", {"a": [1, 2, 3, 4]}])
def test_rows_that_are_not_a_list_are_422_before_the_stream(sse, rows):
    response = post_json(sse, "/batch-predictions/stream?model_id=iris", {"rows": rows})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "rows"
    assert sse.get(sse.base_url + "/healthz", timeout=5).json() == {"status": "ok"}

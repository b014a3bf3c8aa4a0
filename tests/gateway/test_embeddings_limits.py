"""/v1/embeddings bounded as the OpenAI API bounds it; every input charged, empty ones too."""

import numpy as np
import orjson
import pytest
from gateway_wire import ADMIN, bearer, openai_error

from services.common.settings import ServiceSettings
from services.gateway.settings import GatewaySettings

MODEL = "apilab-hash-embedding"


def embed(http, key=ADMIN, **body):
    return http.post("/v1/embeddings", json={"model": MODEL, **body}, headers=bearer(key))


def test_more_than_2048_inputs_is_400_naming_input(http):
    response = embed(http, input=["a"] * 2049)
    assert response.status_code == 400
    assert (
        openai_error(response)["param"] == "input"
        and "at most 2048" in openai_error(response)["message"]
    )
    assert embed(http, input=["a"] * 2048).status_code == 200


def test_an_answer_too_large_is_refused_before_any_work(http):
    response = embed(http, input=["x"] * 5000, dimensions=4096)  # before: 78 MiB, RSS +1.1 GB
    assert response.status_code == 400
    response = embed(http, input=["x"] * 300, dimensions=4096)
    assert response.status_code == 400 and openai_error(response)["param"] == "dimensions"


def test_every_input_is_charged_empty_ones_too(http):
    usage = embed(http, input=["", "", "two words"]).json()["usage"]
    assert usage["prompt_tokens"] == 1 + 1 + 2


def test_token_ids_are_accepted_as_the_openai_api_accepts_them(client):
    one = client.embeddings.create(model=MODEL, input=[101, 2023, 2003])
    many = client.embeddings.create(model=MODEL, input=[[101, 2023], [101, 2023], [7]])
    assert len(one.data) == 1 and one.usage.prompt_tokens == 3
    vectors = np.array([item.embedding for item in many.data])
    assert vectors.shape == (3, 256) and np.allclose(vectors[0], vectors[1])
    assert many.usage.prompt_tokens == 5


@pytest.mark.parametrize("value", [[1.5], [[1], "a"], [], [[]], {"text": "a"}, 7])
def test_an_unsupported_input_says_what_is_supported_naming_input(http, value):
    response = embed(http, input=value)
    assert response.status_code == 400
    error = openai_error(response)
    assert error["param"] == "input"
    assert "a list of token ids" in error["message"]


def test_the_gateways_body_limit_admits_the_largest_request_the_openai_api_accepts():
    """300,000 tokens in 2,048 inputs, every id the largest of cl100k_base's vocabulary."""
    per_input, rest = divmod(300_000, 2048)
    ids = [[100_275] * (per_input + (i < rest)) for i in range(2048)]
    largest = orjson.dumps({"model": MODEL, "input": ids, "encoding_format": "base64"})
    assert sum(map(len, ids)) == 300_000
    assert len(largest) < GatewaySettings().max_body_bytes < ServiceSettings().max_body_bytes

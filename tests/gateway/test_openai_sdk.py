"""The official openai SDK, pointed at the gateway, works unchanged."""

import json

import numpy as np
import pytest
from gateway_wire import ADMIN, bearer, chat, markov_answer


def test_lists_every_model(client):
    ids = [model.id for model in client.models.list()]
    assert ids == [
        "apilab-markov",
        "iris-classifier",
        "breast-cancer-classifier",
        "apilab-hash-embedding",
    ]


def test_a_completion_is_the_generators_tokens(client):
    completion = client.chat.completions.create(
        model="apilab-markov",
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Explain the model"},
        ],
        max_tokens=8,
        seed=3,
    )
    tokens, finish = markov_answer("Explain the model", 8, 3)
    expected = "".join(tokens)
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content == expected
    assert completion.choices[0].finish_reason == finish
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (3, len(tokens))
    assert completion.usage.total_tokens == 3 + len(tokens)


def test_max_completion_tokens_is_honoured_too(client):
    completion = client.chat.completions.create(
        **chat("apilab-markov", "the api"), max_completion_tokens=4
    )
    assert completion.usage.completion_tokens == 4


def test_a_streamed_completion_has_the_same_text_and_reports_usage(client):
    stream = client.chat.completions.create(
        **chat("apilab-markov", "the api"),
        max_tokens=6,
        seed=1,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    tokens, finish = markov_answer("the api", 6, 1)
    assert text == "".join(tokens)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == finish
    assert chunks[-1].choices == []
    assert chunks[-1].usage.completion_tokens == len(tokens)


def test_the_stream_on_the_wire_ends_with_done(http):
    body = chat("apilab-markov", "the api", max_tokens=3, stream=True)
    with http.stream("POST", "/v1/chat/completions", json=body, headers=bearer(ADMIN)) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line.removeprefix("data: ") for line in r.iter_lines() if line]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(event) for event in events[:-1]]
    deltas = [chunk["choices"][0]["delta"] for chunk in chunks]
    assert deltas[0] == {"role": "assistant", "content": ""}
    tokens, finish = markov_answer("the api", 3)
    assert [d["content"] for d in deltas[1:-1]] == tokens
    assert deltas[-1] == {} and chunks[-1]["choices"][0]["finish_reason"] == finish
    assert all("usage" not in chunk for chunk in chunks)  # not asked for


@pytest.mark.parametrize("encoding_format", [None, "float"])  # None: the SDK asks base64
def test_embeddings_are_deterministic_unit_vectors(client, encoding_format):
    options = {"encoding_format": encoding_format} if encoding_format else {}
    texts = ["predict the iris class", "predict the iris class", "stream tokens"]
    result = client.embeddings.create(model="apilab-hash-embedding", input=texts, **options)
    vectors = np.array([item.embedding for item in result.data])
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert np.allclose(vectors[0], vectors[1])
    assert vectors[0] @ vectors[2] < 0.5
    assert result.usage.prompt_tokens == 4 + 4 + 2


def test_iris_is_answered_by_the_rest_service_over_http(client, rest):
    completion = client.chat.completions.create(**chat("iris-classifier", "5.1, 3.5, 1.4, 0.2"))
    direct = rest_prediction(rest, [5.1, 3.5, 1.4, 0.2])
    answer = completion.choices[0].message.content
    assert answer == f"{direct['label']} (score {direct['score']:.3f})"
    assert answer.startswith("setosa")
    assert completion.choices[0].finish_reason == "stop"


def rest_prediction(rest, features):
    import httpx

    response = httpx.post(
        f"{rest.url}/batch-predictions", params={"model_id": "iris"}, json={"rows": [features]}
    )
    return response.json()["predictions"][0]


def test_a_generation_that_ends_by_itself_finishes_with_stop(client):
    """get_final_completion() raises LengthFinishReasonError on "length": it must not here."""
    with client.chat.completions.stream(
        model="apilab-markov", messages=[{"role": "user", "content": "the api"}], max_tokens=512
    ) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].finish_reason == "stop"
    assert final.choices[0].message.content.endswith(".")
    assert final.usage is None or final.usage.completion_tokens < 512


def test_a_generation_cut_at_max_tokens_finishes_with_length(client):
    tokens, finish = markov_answer("the api", 2, 0)
    completion = client.chat.completions.create(**chat("apilab-markov", "the api"), max_tokens=2)
    assert (finish, completion.choices[0].finish_reason) == ("length", "length")

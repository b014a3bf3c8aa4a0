"""What the gateway adds around the models: cache, guardrails, logs, metrics, failures."""

import functools
import json

import httpx
import pytest
from gateway_wire import ADMIN, KEYS, bearer, chat, openai_error
from waits import eventually

from services.common.launch import free_port, launch


def test_an_identical_request_is_answered_from_the_cache(http):
    body = chat("apilab-markov", "cache me", max_tokens=5, seed=42)
    first = http.post("/v1/chat/completions", json=body, headers=bearer(ADMIN))
    second = http.post("/v1/chat/completions", json=body, headers=bearer(ADMIN))
    other = http.post("/v1/chat/completions", json=body | {"seed": 43}, headers=bearer(ADMIN))
    assert [r.headers["X-Cache"] for r in (first, second, other)] == ["miss", "hit", "miss"]
    assert second.json() == first.json()


def test_the_cache_can_be_turned_off(rest):
    env = {"APILAB_GATEWAY_KEYS": json.dumps(KEYS), "APILAB_GATEWAY_CACHE": "false"}
    with launch("gateway", env=env) as gateway:
        body = chat("apilab-markov", "cache me", max_tokens=2)
        for _ in range(2):
            response = httpx.post(
                f"{gateway.url}/v1/chat/completions", json=body, headers=bearer(ADMIN)
            )
            assert response.headers["X-Cache"] == "off"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("my key is sk-live-abcdefghijklmnopqrstu", "secret-key"),
        ("card 4111 1111 1111 1111", "card-number"),
    ],
)
def test_a_guardrail_refuses_with_400_naming_the_rule(http, text, rule):
    response = http.post(
        "/v1/chat/completions", json=chat("apilab-markov", text), headers=bearer(ADMIN)
    )
    assert response.status_code == 400
    assert openai_error(response) == {
        "message": f"messages: blocked by guardrail rule {rule!r}",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "content_policy_violation",
    }


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"model": "apilab-markov"}, "messages"),
        (chat("apilab-markov", "hi", max_tokens=0), "max_tokens"),
        (chat("apilab-markov", "hi", max_tokens=100_000), "max_tokens"),
        (chat("iris-classifier", "five, three"), "messages"),
        (chat("iris-classifier", "1, 2"), "messages"),
        (chat("apilab-hash-embedding", "hi"), "model"),
    ],
)
def test_bad_requests_are_400_naming_the_field(http, body, param):
    response = http.post("/v1/chat/completions", json=body, headers=bearer(ADMIN))
    assert response.status_code == 400, response.text
    assert openai_error(response)["param"] == param
    assert http.get("/healthz").json() == {"status": "ok"}


def test_an_unreachable_backend_is_503_and_the_rest_still_works():
    env = {
        "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
        "APILAB_GATEWAY_REST_URL": f"http://127.0.0.1:{free_port()}",
    }
    with launch("gateway", env=env) as gateway:
        url = f"{gateway.url}/v1/chat/completions"
        ask = functools.partial(httpx.post, url, headers=bearer(ADMIN), timeout=30)
        down = ask(json=chat("iris-classifier", "1, 2, 3, 4"))
        assert down.status_code == 503
        assert openai_error(down)["code"] == "service_unavailable"
        up = ask(json=chat("apilab-markov", "hi"))
        assert up.status_code == 200
    assert gateway.process.returncode == 0  # stopped by SIGTERM, cleanly


def test_one_json_log_line_per_request_without_secrets(gateway, http):
    body = chat("apilab-markov", "log me", max_tokens=3, seed=7)
    http.post("/v1/chat/completions", json=body, headers=bearer(ADMIN))

    def my_lines() -> list[dict]:
        lines = [json.loads(line) for line in gateway.log().splitlines() if line.startswith("{")]
        return [
            line
            for line in lines
            if line.get("prompt_tokens") == 2 and line.get("completion_tokens") == 3
        ]

    mine = eventually(my_lines)  # the line may reach the log file just after the answer
    assert mine and mine[-1]["key_id"] == "admin" and mine[-1]["model"] == "apilab-markov"
    assert {"status", "latency_ms", "cache"} <= set(mine[-1])
    assert not any(key in gateway.log() for key in KEYS)


def test_metrics_count_requests_tokens_and_cache(http):
    http.post("/v1/chat/completions", json=chat("apilab-markov", "count"), headers=bearer(ADMIN))
    text = http.get("/metrics").text
    assert 'gateway_requests_total{model="apilab-markov",status="200"}' in text
    assert 'gateway_tokens_total{kind="completion",model="apilab-markov"}' in text
    assert "gateway_request_seconds_bucket" in text and "gateway_cache_total" in text
    assert not any(key in text for key in KEYS)

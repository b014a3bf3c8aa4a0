"""Cost control: reservations under concurrency, spend and budgets, throttling, shared state."""

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest
from gateway_wire import ADMIN, KEYS, bearer, chat, eventually, log_lines, openai_error

from services.common.launch import launch


def stream_usage(url: str, key: str, body: dict) -> int | None:
    """Read one stream to its end; the completion tokens of its usage chunk (None if refused)."""
    with httpx.stream("POST", url, json=body, headers=bearer(key), timeout=30) as response:
        if response.status_code != 200:
            return None
        events = [line[6:] for line in response.iter_lines() if line.startswith("data: {")]
    return json.loads(events[-1])["usage"]["total_tokens"]


def test_eight_parallel_streams_stay_within_the_quota_plus_one_reservation(gateway, http):
    key, most = "sk-test-hundred-tokens", 40
    body = chat(
        "apilab-markov",
        "the quota",
        max_tokens=most,
        stream=True,
        stream_options={"include_usage": True},
    )
    url = f"{gateway.url}/v1/chat/completions"
    with ThreadPoolExecutor(8) as pool:
        used = list(pool.map(lambda seed: stream_usage(url, key, body | {"seed": seed}), range(8)))
    served = [tokens for tokens in used if tokens is not None]
    assert served and len(served) < 8  # the quota refused some (before: all 8 ran, 4,112 spent)
    spent = http.get("/spend", headers=bearer(key)).json()
    assert spent["tokens_today"] == sum(served)  # every streamed token was counted
    assert spent["tokens_today"] <= 100 + (2 + most)  # at most one reservation over


def test_a_stream_the_client_abandons_is_still_charged(gateway, http):
    key = "sk-test-spender"
    before = http.get("/spend", headers=bearer(key)).json()["tokens_today"]
    body = chat("apilab-markov", "hang up", max_tokens=200, stream=True)
    with httpx.stream(
        "POST", f"{gateway.url}/v1/chat/completions", json=body, headers=bearer(key)
    ) as r:
        for index, _ in enumerate(r.iter_lines()):
            if index == 3:
                break  # hang up after the first few events
    line = eventually(
        lambda: [x for x in log_lines(gateway) if x.get("key_id") == "spender" and "stream" in x]
    )[-1]
    spent = eventually(
        lambda: http.get("/spend", headers=bearer(key)).json()["tokens_today"] - before
    )
    assert spent == line["prompt_tokens"] + line["completion_tokens"] and spent >= 3


def test_spend_is_priced_per_model_readable_by_the_key_and_on_metrics(http):
    key = bearer("sk-test-spender")
    before = http.get("/spend", headers=key).json()
    answer = http.post(
        "/v1/chat/completions",
        json=chat("apilab-markov", "price me", max_tokens=5, seed=4),
        headers=key,
    )
    usage = answer.json()["usage"]
    after = http.get("/spend", headers=key).json()
    expected = (usage["prompt_tokens"] * 0.50 + usage["completion_tokens"] * 1.50) / 1e6
    assert after["spent_usd"] - before["spent_usd"] == pytest.approx(expected, rel=1e-6)
    assert after["key"] == "spender" and after["budget_usd"] is None
    assert (
        'gateway_spend_usd_total{key="spender",model="apilab-markov"}' in http.get("/metrics").text
    )
    assert http.get("/spend").status_code == 401


def test_a_spent_budget_is_refused_in_openais_shape(gateway):
    client = openai.OpenAI(
        base_url=f"{gateway.url}/v1", api_key="sk-test-tiny-budget", max_retries=0
    )
    outcomes = []
    for seed in range(4):
        try:
            client.chat.completions.create(
                **chat("apilab-markov", "spend it", max_tokens=5, seed=seed)
            )
            outcomes.append("ok")
        except openai.RateLimitError as error:
            outcomes.append(error.code)
            assert "budget of $1e-05 per day spent" in error.message
    assert outcomes[0] == "ok" and outcomes[-1] == "insufficient_quota"


def test_embeddings_that_do_not_fit_the_quota_are_refused_uncharged(http):
    key = bearer("sk-test-fifty-tokens")
    refused = http.post(
        "/v1/embeddings",
        json={"model": "apilab-hash-embedding", "input": ["word"] * 60},
        headers=key,
    )
    assert refused.status_code == 429 and openai_error(refused)["code"] == "insufficient_quota"
    assert http.get("/spend", headers=key).json()["tokens_today"] == 0  # before: charged 5,000


def test_throttling_queues_a_burst_that_rate_limiting_would_refuse(gateway):
    url, body = f"{gateway.url}/v1/chat/completions", chat("apilab-markov", "burst", max_tokens=1)

    def send(seed: int) -> httpx.Response:
        return httpx.post(
            url, json=body | {"seed": seed}, headers=bearer("sk-test-throttled"), timeout=30
        )

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send, range(4)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses.count(200) >= 2  # 1 a second, a queue of 1.5 s: waited, not refused
    throttled = [
        x.get("throttled_ms", 0) for x in log_lines(gateway) if x.get("key_id") == "throttled"
    ]
    assert max(throttled) >= 500
    for refused in (r for r in answers if r.status_code == 429):
        assert openai_error(refused)["message"].startswith("throttle queue full")


def test_counters_and_cache_survive_a_restart_and_are_shared_by_two_processes(tmp_path):
    env = {
        "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
        "APILAB_GATEWAY_STATE_PATH": str(tmp_path / "state.sqlite3"),
    }
    key, body = bearer("sk-test-five-tokens"), chat("apilab-markov", "hi", max_tokens=5, seed=9)
    with launch("gateway", env=env) as first:
        assert (
            httpx.post(f"{first.url}/v1/chat/completions", json=body, headers=key).status_code
            == 200
        )
        with launch("gateway", env=env) as second:  # the same file: the same counters
            refused = httpx.post(f"{second.url}/v1/chat/completions", json=body, headers=key)
            assert refused.status_code == 429
            fresh = body | {"seed": 10}  # not yet asked by anyone
            cached = httpx.post(
                f"{second.url}/v1/chat/completions", json=fresh, headers=bearer(ADMIN)
            )
            again = httpx.post(
                f"{first.url}/v1/chat/completions", json=fresh, headers=bearer(ADMIN)
            )
            assert (cached.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    with launch("gateway", env=env) as restarted:
        spend = httpx.get(f"{restarted.url}/spend", headers=key).json()
        assert spend["tokens_today"] >= 2
        assert (
            httpx.post(
                f"{restarted.url}/v1/chat/completions", json=body, headers=bearer(ADMIN)
            ).headers["X-Cache"]
            == "hit"
        )

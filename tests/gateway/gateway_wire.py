"""Keys, request builders and checks shared by the gateway tests."""

from __future__ import annotations

import time

import httpx

from services.domain.textgen import generate
from services.gateway.backends.markov import until_sentence_end

# One key per behaviour under test, so tests that spend a budget do not disturb others.
KEYS = {
    "sk-test-admin-0123456789": {"name": "admin", "requests_per_minute": 1000},
    "sk-test-markov-only": {"name": "markov-only", "models": ["apilab-markov"]},
    "sk-test-two-a-minute": {"name": "slow", "requests_per_minute": 2},
    "sk-test-five-tokens": {"name": "poor", "tokens_per_day": 5},
    "sk-test-hundred-tokens": {"name": "hundred", "tokens_per_day": 100},
    "sk-test-fifty-tokens": {"name": "fifty", "tokens_per_day": 50},
    "sk-test-tiny-budget": {"name": "tiny-budget", "budget_usd": 0.00001},
    "sk-test-throttled": {"name": "throttled", "throttle_per_second": 1, "max_queue_seconds": 1.5},
    "sk-test-spender": {"name": "spender", "requests_per_minute": 1000},
    "sk-test-guarded": {"name": "guarded", "tokens_per_day": 1000},
    "sk-test-three-tokens": {"name": "three", "tokens_per_day": 3},
}
ADMIN = "sk-test-admin-0123456789"


def chat(model: str, text: str, **extra) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": text}], **extra}


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def openai_error(response: httpx.Response) -> dict:
    """The body's ``error`` object, after checking it has exactly OpenAI's four fields."""
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return error


def markov_answer(prompt: str, max_tokens: int, seed: int = 0) -> tuple[list[str], str]:
    """The tokens apilab-markov answers (up to its first full stop) and the finish_reason."""
    tokens = until_sentence_end(generate(prompt, max_tokens, seed))
    return tokens, ("stop" if tokens[-1] == "." and len(tokens) > 1 else "length")


def eventually(condition, timeout: float = 10.0, interval: float = 0.05):
    """Poll ``condition`` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            assert value, f"condition not met within {timeout}s"
            return value
        time.sleep(interval)


def log_lines(service) -> list[dict]:
    import json

    return [json.loads(line) for line in service.log().splitlines() if line.startswith("{")]

"""Keys, request builders and checks shared by the gateway tests."""

from __future__ import annotations

import httpx

# One key per behaviour under test, so tests that spend a budget do not disturb others.
KEYS = {
    "sk-test-admin-0123456789": {"name": "admin", "requests_per_minute": 1000},
    "sk-test-markov-only": {"name": "markov-only", "models": ["apilab-markov"]},
    "sk-test-two-a-minute": {"name": "slow", "requests_per_minute": 2},
    "sk-test-five-tokens": {"name": "poor", "tokens_per_day": 5},
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

"""/readyz on a running service: 503 with Retry-After while warming up, then 200."""

import time

import pytest
import requests

from services.common.launch import launch


def ready_within(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if requests.get(url, timeout=2).status_code == 200:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_readyz_is_503_with_retry_after_until_warm_then_200(name):
    env = {"APILAB_WARMUP_SECONDS": "4"}
    with launch(name, env=env, ready_path="/healthz") as service:  # alive, not yet ready
        waiting = requests.get(f"{service.url}/readyz", timeout=2)
        assert waiting.status_code == 503
        assert waiting.json()["status"] == "warming up"
        assert 1 <= int(waiting.headers["retry-after"]) <= 4
        assert requests.get(f"{service.url}/healthz", timeout=2).status_code == 200
        assert ready_within(f"{service.url}/readyz", 10)
        assert "retry-after" not in requests.get(f"{service.url}/readyz", timeout=2).headers

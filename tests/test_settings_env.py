"""List-valued settings from the environment, tried on the real services as people set them.

``APILAB_CORS_ORIGINS`` and ``APILAB_API_KEYS`` take a comma-separated list (what people
type) or a JSON list; a bad value stops the service with one line naming the variable.
"""

import json
import subprocess
import sys

import pytest
import requests

from services.common.launch import ROOT, launch

ORIGINS = ["http://127.0.0.1:8000", "http://course.test:9000"]


@pytest.mark.parametrize("value", [",".join(ORIGINS), " , ".join(ORIGINS), json.dumps(ORIGINS)])
def test_sse_service_takes_cors_origins_as_a_comma_list_or_json(value):
    with launch("sse_service", env={"APILAB_CORS_ORIGINS": value}) as sse:
        for origin in ORIGINS:
            answer = requests.get(f"{sse.url}/healthz", headers={"Origin": origin}, timeout=5)
            assert answer.headers.get("access-control-allow-origin") == origin
        stranger = {"Origin": "http://elsewhere.test"}
        answer = requests.get(f"{sse.url}/healthz", headers=stranger, timeout=5)
        assert "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize("value", ["k1,k2", '["k1", "k2"]'])
def test_api_keys_take_a_comma_list_or_json(value):
    with launch("fastapi_rest", env={"APILAB_API_KEYS": value}) as rest:
        assert requests.get(f"{rest.url}/models", timeout=5).status_code == 401
        answer = requests.get(f"{rest.url}/models", headers={"X-API-Key": "k2"}, timeout=5)
        assert answer.status_code == 200


def start_and_fail(service: str, env: dict) -> subprocess.CompletedProcess:
    """Run the service the way the README says; it must stop by itself."""
    command = [sys.executable, "-m", f"services.{service}", "--port", "0"]
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("service", "variable", "value"),
    [
        ("sse_service", "APILAB_CORS_ORIGINS", "[http://127.0.0.1:8000"),
        ("fastapi_rest", "APILAB_API_KEYS", '["k1", 2'),
        ("fastapi_rest", "APILAB_AUTH_USERS", "alice:secret"),
        ("gateway", "APILAB_GATEWAY_KEYS", '{"sk-team-a": {"requests_per_minute": 0}}'),
        ("websocket_service", "APILAB_PORT", "eighty"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(service, variable, value):
    result = start_and_fail(service, {variable: value})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"bad setting: {variable}")
    assert "Traceback" not in result.stderr
    assert "sk-team-a" not in result.stderr  # a key is a secret: never echoed

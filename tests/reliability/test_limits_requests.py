"""Size, row and token limits over HTTP: REST, SSE and the gateway, with the table's errors.

Every service runs with tight limits (4 KiB bodies, 3 rows, 8 tokens). Each test
crosses one limit, checks the error, then checks that the service still answers.
gRPC and WebSocket: test_limits_messages.py; the settings: tests/reliability/README.md.
"""

import contextlib
import json

import pytest
import requests

from services.common.launch import launch

LIMITS = {"APILAB_MAX_BODY_BYTES": "4096", "APILAB_MAX_BATCH_ROWS": "3", "APILAB_MAX_TOKENS": "8"}
SETOSA = [5.1, 3.5, 1.4, 0.2]
DEMO = {"Authorization": "Bearer sk-apilab-demo"}  # the gateway's loopback demo key
TOO_BIG = "x" * 5000


@pytest.fixture(scope="module")
def services():
    with contextlib.ExitStack() as stack:
        running = {
            name: stack.enter_context(launch(name, env=LIMITS))
            for name in ("flask_rest", "fastapi_rest", "sse_service")
        }
        gateway_env = LIMITS | {"APILAB_GATEWAY_REST_URL": running["fastapi_rest"].url}
        running["gateway"] = stack.enter_context(launch("gateway", env=gateway_env))
        yield running


def problem(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    return body


def still_serving(url: str) -> None:
    assert requests.get(f"{url}/healthz", timeout=5).json() == {"status": "ok"}


# HTTP: REST (Flask, FastAPI) and SSE
@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
@pytest.mark.parametrize("chunked", [False, True])
def test_rest_body_over_the_limit_is_413(services, name, chunked):
    url = f"{services[name].url}/batch-predictions?model_id=iris"
    body = iter([TOO_BIG.encode()]) if chunked else TOO_BIG  # a generator: no Content-Length
    response = requests.post(url, data=body, headers={"content-type": "text/csv"}, timeout=10)
    assert "4096 bytes" in problem(response, 413, "payload_too_large")["detail"]
    still_serving(services[name].url)


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_rest_batch_over_the_row_limit_is_422(services, name):
    url = f"{services[name].url}/batch-predictions?model_id=iris"
    response = requests.post(url, json={"rows": [SETOSA] * 4}, timeout=10)
    body = problem(response, 422, "invalid_features")
    assert body["errors"] == [{"field": "rows", "message": "at most 3 rows, got 4"}]
    assert requests.post(url, json={"rows": [SETOSA] * 3}, timeout=10).status_code == 200


def test_sse_body_over_the_limit_is_413(services):
    url = f"{services['sse_service'].url}/generate"
    response = requests.post(url, json={"prompt": TOO_BIG}, timeout=10)
    problem(response, 413, "payload_too_large")
    still_serving(services["sse_service"].url)


def test_sse_batch_stream_over_the_row_limit_is_422_before_the_stream(services):
    url = f"{services['sse_service'].url}/batch-predictions/stream?model_id=iris"
    response = requests.post(url, json={"rows": [SETOSA] * 4}, timeout=10)
    assert problem(response, 422, "invalid_features")["errors"][0]["field"] == "rows"
    assert "[DONE]" in requests.post(url, json={"rows": [SETOSA] * 3}, timeout=10).text


def test_sse_tokens_over_the_limit_are_422(services):
    url = f"{services['sse_service'].url}/generate"
    response = requests.post(url, json={"prompt": "An API", "max_tokens": 9}, timeout=10)
    assert problem(response, 422, "invalid_input")["errors"][0]["field"] == "max_tokens"
    assert "[DONE]" in requests.post(url, json={"prompt": "An API", "max_tokens": 8}).text


# the gateway: the same limits in OpenAI's error shape
@pytest.mark.parametrize("chunked", [False, True])
def test_gateway_body_over_the_limit_is_413_in_openai_shape(services, chunked):
    url = f"{services['gateway'].url}/v1/chat/completions"
    data = json.dumps(
        {"model": "apilab-markov", "messages": [{"role": "user", "content": TOO_BIG}]}
    )
    body = iter([data.encode()]) if chunked else data
    headers = DEMO | {"content-type": "application/json"}
    response = requests.post(url, data=body, headers=headers, timeout=10)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    still_serving(services["gateway"].url)


def test_gateway_tokens_over_the_limit_are_400_and_the_default_stays_below(services):
    url = f"{services['gateway'].url}/v1/chat/completions"
    chat = {"model": "apilab-markov", "messages": [{"role": "user", "content": "An API"}]}
    response = requests.post(url, json=chat | {"max_tokens": 9}, headers=DEMO, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "max_tokens"
    # no max_tokens: the gateway's default (64) is capped by APILAB_MAX_TOKENS (8)
    answer = requests.post(url, json=chat, headers=DEMO, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["usage"]["completion_tokens"] <= 8

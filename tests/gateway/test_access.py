"""Access control: keys, per-key models, rate limits, token quotas, the demo key."""

import socket

import openai
import pytest
from fastapi.testclient import TestClient
from gateway_wire import ADMIN, KEYS, bearer, chat, openai_error

from services.common.launch import launch
from services.gateway import create_app
from services.gateway.access import configured_keys
from services.gateway.settings import DEMO_KEY, GatewaySettings


@pytest.mark.parametrize("headers", [{}, bearer("sk-wrong"), bearer(DEMO_KEY)])
def test_no_or_a_wrong_key_is_401_with_a_bearer_challenge(http, headers):
    response = http.post("/v1/chat/completions", json=chat("apilab-markov", "hi"), headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="apilab-gateway"'
    error = openai_error(response)
    assert error["code"] == "invalid_api_key" and error["type"] == "invalid_request_error"


def test_the_sdk_raises_its_authentication_error(gateway):
    client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="sk-nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.models.list()


def test_a_key_sees_and_uses_only_its_models(http):
    key = bearer("sk-test-markov-only")
    assert [m["id"] for m in http.get("/v1/models", headers=key).json()["data"]] == [
        "apilab-markov"
    ]
    response = http.post(
        "/v1/chat/completions", json=chat("iris-classifier", "1,2,3,4"), headers=key
    )
    assert response.status_code == 403
    assert openai_error(response) == {
        "message": "this API key may not use model 'iris-classifier'",
        "type": "permission_error",
        "param": None,
        "code": "model_not_allowed",
    }


def test_unknown_model_is_404(http):
    response = http.post("/v1/chat/completions", json=chat("gpt-5.3", "hi"), headers=bearer(ADMIN))
    assert response.status_code == 404
    assert openai_error(response)["code"] == "model_not_found"


def test_the_rate_limit_answers_429_with_retry_after(http):
    key, body = bearer("sk-test-two-a-minute"), chat("apilab-markov", "hi", max_tokens=1)
    statuses = [http.post("/v1/chat/completions", json=body, headers=key) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert 1 <= int(statuses[2].headers["Retry-After"]) <= 60
    assert openai_error(statuses[2])["code"] == "rate_limit_exceeded"


def test_the_token_quota_answers_429_once_spent(http):
    key, body = bearer("sk-test-five-tokens"), chat("apilab-markov", "hi", max_tokens=5, seed=9)
    assert http.post("/v1/chat/completions", json=body, headers=key).status_code == 200
    refused = http.post("/v1/chat/completions", json=body, headers=key)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 86_400
    assert openai_error(refused)["code"] == "insufficient_quota"


def test_the_demo_key_works_on_loopback_without_configured_keys():
    with launch("gateway", env={"APILAB_GATEWAY_KEYS": ""}) as gateway:
        client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=DEMO_KEY, max_retries=0)
        assert "apilab-markov" in [model.id for model in client.models.list()]


def test_without_keys_it_refuses_any_other_address():
    with pytest.raises(SystemExit, match="refusing to serve on 0.0.0.0"):
        configured_keys(GatewaySettings(host="0.0.0.0", gateway_keys={}))
    with pytest.raises(RuntimeError, match="refusing to serve on 0.0.0.0"):
        launch("gateway", env={"APILAB_GATEWAY_KEYS": ""}, args=["--host", "0.0.0.0"]).__enter__()


def test_configured_keys_replace_the_demo_key_everywhere():
    settings = GatewaySettings(host="0.0.0.0", gateway_keys={"sk-a": {}})
    assert list(configured_keys(settings)) == ["sk-a"]


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/embeddings"])
def test_a_body_without_a_key_is_refused_before_it_is_read(gateway, path):
    """Only the headers are sent: a 401 arriving proves the 3 MiB body was never awaited."""
    host, port = gateway.url.removeprefix("http://").split(":")
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {3 << 20}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head.encode())
        answer = connection.makefile("rb").read()  # until the gateway closes: it does not wait
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 401 Unauthorized"
    assert b'www-authenticate: bearer realm="apilab-gateway"' in rest.lower()
    assert b'"code":"invalid_api_key"' in rest


def test_a_body_that_is_not_json_still_gets_415_first(http):
    response = http.post(
        "/v1/embeddings", content=b"model=x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_a_valid_key_is_checked_once_per_request(tmp_path):
    """key_first.py checks it before the body is read and hands the caller to the route."""
    settings = GatewaySettings(gateway_keys=KEYS, gateway_state_path=tmp_path / "state.sqlite3")
    app = create_app(settings)
    with TestClient(app) as http_in_process:
        checked, authenticate = [], app.state.access.authenticate
        app.state.access.authenticate = lambda key: (checked.append(key), authenticate(key))[1]
        body = chat("apilab-markov", "hi", max_tokens=2)
        response = http_in_process.post("/v1/chat/completions", json=body, headers=bearer(ADMIN))
        assert response.status_code == 200, response.text
        assert checked == [ADMIN]
        assert http_in_process.get("/v1/models", headers=bearer(ADMIN)).status_code == 200
        assert checked == [ADMIN, ADMIN]  # a route without a body: its dependency checks

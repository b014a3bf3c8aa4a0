"""Optional auth on the FastAPI service: API key, OAuth 2.0 password flow, JWT checks."""

import base64
import json
import time

import jwt
import pytest
import requests

from services.common.launch import launch
from services.fastapi_rest.auth import hash_password, verify_password

SECRET = "test-secret-0123456789abcdef0123456789"  # noqa: S105 (a test fixture)
USERS = {
    "reader": {"password_hash": hash_password("read-pw"), "scopes": ["predictions:read"]},
    "writer": {
        "password_hash": hash_password("write-pw"),
        "scopes": ["predictions:read", "predictions:write"],
    },
}
ROW = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}


@pytest.fixture(scope="module")
def secured():
    env = {"APILAB_AUTH_USERS": json.dumps(USERS), "APILAB_JWT_SECRET": SECRET}
    with launch("fastapi_rest", env=env) as running:
        yield running


def token(url, username, password, scope=None) -> requests.Response:
    form = {"username": username, "password": password} | ({"scope": scope} if scope else {})
    return requests.post(f"{url}/token", data=form, timeout=5)


def signed(claims: dict, key: str = SECRET) -> str:
    return jwt.encode({"sub": "writer", "exp": int(time.time()) + 60} | claims, key, "HS256")


def bearer(value: str) -> dict:
    return {"Authorization": f"Bearer {value}"}


def test_passwords_are_salted_and_checked():
    assert hash_password("pw") != hash_password("pw")
    assert verify_password("pw", hash_password("pw"))
    assert not verify_password("pW", hash_password("pw"))


def test_the_password_flow_gives_a_token_that_reads_and_writes(secured):
    answer = token(secured.url, "writer", "write-pw")
    assert answer.status_code == 200
    assert answer.json()["token_type"] == "bearer"
    assert answer.json()["expires_in"] == 15 * 60  # APILAB_JWT_MINUTES' default
    assert answer.headers["Cache-Control"] == "no-store"  # RFC 6749 5.1: tokens never cached
    headers = bearer(answer.json()["access_token"])
    created = requests.post(f"{secured.url}/predictions", json=ROW, headers=headers, timeout=5)
    assert created.status_code == 201
    got = requests.get(f"{secured.url}{created.headers['Location']}", headers=headers, timeout=5)
    assert got.json()["label"] == "setosa"


def test_a_wrong_password_or_user_is_401(secured):
    for user, password in [("writer", "nope"), ("nobody", "write-pw")]:
        answer = token(secured.url, user, password)
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"


def test_no_token_is_401_with_a_bearer_challenge(secured):
    answer = requests.get(f"{secured.url}/models", timeout=5)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Bearer scope="predictions:read"'
    assert answer.json()["code"] == "unauthenticated"


def test_a_read_scope_cannot_write_403(secured):
    headers = bearer(token(secured.url, "reader", "read-pw").json()["access_token"])
    assert requests.get(f"{secured.url}/models", headers=headers, timeout=5).status_code == 200
    answer = requests.post(f"{secured.url}/predictions", json=ROW, headers=headers, timeout=5)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "the token lacks the scope 'predictions:write'"
    challenge = 'Bearer scope="predictions:write", error="insufficient_scope"'  # RFC 6750 3.1
    assert answer.headers["WWW-Authenticate"] == challenge


def test_asking_for_fewer_scopes_grants_fewer(secured):
    answer = token(secured.url, "writer", "write-pw", scope="predictions:read")
    headers = bearer(answer.json()["access_token"])
    post = requests.post(f"{secured.url}/predictions", json=ROW, headers=headers, timeout=5)
    assert post.status_code == 403


def unsigned(claims: dict) -> str:
    """A token with "alg": "none" and no signature, the classic forgery."""
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


WRITE = {"scope": "predictions:read predictions:write"}


@pytest.mark.parametrize(
    "forged",
    [
        signed(WRITE | {"exp": int(time.time()) - 10}),  # expired
        signed(WRITE, key="another-secret-of-the-same-size-000000"),  # wrong key
        signed(WRITE)[:-4] + "AAAA",  # tampered signature
        unsigned(WRITE | {"sub": "writer", "exp": int(time.time()) + 60}),  # alg none
        jwt.encode({"sub": "writer"} | WRITE, SECRET, "HS256"),  # no expiry
    ],
    ids=["expired", "wrong-key", "tampered", "alg-none", "no-exp"],
)
def test_forged_or_stale_tokens_are_401_invalid_token(secured, forged):
    answer = requests.get(f"{secured.url}/models", headers=bearer(forged), timeout=5)
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def test_a_valid_hand_made_token_is_accepted(secured):
    answer = requests.get(f"{secured.url}/models", headers=bearer(signed(WRITE)), timeout=5)
    assert answer.status_code == 200


def test_health_docs_and_token_url_stay_open_and_documented(secured):
    assert requests.get(f"{secured.url}/readyz", timeout=5).status_code == 200
    schema = requests.get(f"{secured.url}/openapi.json", timeout=5).json()
    scheme = schema["components"]["securitySchemes"]["OAuth2PasswordBearer"]
    assert scheme["flows"]["password"]["tokenUrl"] == "token"
    assert set(scheme["flows"]["password"]["scopes"]) == {"predictions:read", "predictions:write"}


def test_api_keys_when_configured():
    with launch("fastapi_rest", env={"APILAB_API_KEYS": "k-one,k-two"}) as running:
        url = f"{running.url}/models"
        missing = requests.get(url, timeout=5)
        assert missing.status_code == 401
        assert missing.headers["WWW-Authenticate"] == 'ApiKey realm="api-lab"'
        assert requests.get(url, headers={"X-API-Key": "k-bad"}, timeout=5).status_code == 401
        assert requests.get(url, headers={"X-API-Key": "k-two"}, timeout=5).status_code == 200
        assert requests.get(f"{running.url}/healthz", timeout=5).status_code == 200
        schemes = requests.get(f"{running.url}/openapi.json", timeout=5).json()["components"]
        assert schemes["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"

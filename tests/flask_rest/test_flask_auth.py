"""Optional API keys on the Flask service: a before_request hook; probes stay open."""

import pytest
import requests

from services.common.launch import launch


@pytest.fixture(scope="module")
def keyed():
    with launch("flask_rest", env={"APILAB_API_KEYS": "k-one,k-two"}) as running:
        yield running


def test_a_missing_or_wrong_key_is_401_problem_json(keyed):
    for headers in ({}, {"X-API-Key": "k-bad"}):
        answer = requests.get(f"{keyed.url}/models", headers=headers, timeout=5)
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == 'ApiKey realm="api-lab"'
        assert answer.headers["content-type"] == "application/problem+json"
        assert "X-API-Key" in answer.json()["detail"]


def test_a_listed_key_is_served(keyed):
    answer = requests.get(f"{keyed.url}/models", headers={"X-API-Key": "k-two"}, timeout=5)
    assert answer.status_code == 200
    post = requests.post(
        f"{keyed.url}/predictions",
        json={"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]},
        headers={"X-API-Key": "k-one"},
        timeout=5,
    )
    assert post.status_code == 201


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json"])
def test_probes_and_the_document_need_no_key(keyed, path):
    assert requests.get(f"{keyed.url}{path}", timeout=5).status_code == 200


def test_the_document_declares_the_scheme(keyed):
    document = requests.get(f"{keyed.url}/openapi.json", timeout=5).json()
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "X-API-Key"

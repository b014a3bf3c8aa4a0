"""ETag, Cache-Control, 304 and HEAD on the GET routes; the 301 of a moved URI."""

import pytest
import requests

from services.common.launch import launch

ROW = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
CACHED = [("/models", "public, max-age=60"), ("/models/iris", "public, max-age=3600")]


@pytest.mark.parametrize(("path", "cache_control"), CACHED)
def test_models_carry_a_strong_etag_and_a_max_age(api, path, cache_control):
    response = api.get(path)
    assert response.status_code == 200
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: no W/ prefix
    assert response.headers["cache-control"] == cache_control
    assert api.get(path).headers["etag"] == etag  # the same state, the same tag


@pytest.mark.parametrize(("path", "cache_control"), CACHED)
def test_if_none_match_with_the_current_tag_is_304_without_a_body(api, path, cache_control):
    etag = api.get(path).headers["etag"]
    response = api.get(path, headers={"if-none-match": f'"other", {etag}'})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"] == cache_control
    assert api.get(path, headers={"if-none-match": '"stale"'}).status_code == 200


def test_a_prediction_is_revalidated_and_its_tag_changes_with_feedback(api):
    created = api.post("/predictions", json=ROW)
    item = created.headers["location"]
    first = api.get(item)
    assert first.headers["cache-control"] == "private, no-cache"
    assert first.headers["etag"] == created.headers["etag"]
    assert api.get(item, headers={"if-none-match": first.headers["etag"]}).status_code == 304
    api.put(item, json={"feedback": "setosa"}, headers={"if-match": first.headers["etag"]})
    again = api.get(item, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 200
    assert again.json()["feedback"] == "setosa"
    assert again.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize("path", ["/models", "/models/iris", "/healthz", "/readyz", "/nowhere"])
def test_head_answers_the_get_headers_without_a_body(api, path):
    get, head = api.get(path), api.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_on_a_stored_prediction(api):
    item = api.post("/predictions", json=ROW).headers["location"]
    head = api.head(item)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == api.get(item).headers["etag"]


def test_the_old_singular_uri_moved_permanently(api):
    moved = api.get("/model/iris", allow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"].endswith("/models/iris")
    followed = api.get("/model/iris")
    assert followed.json()["id"] == "iris"
    assert [r.status_code for r in followed.history] == [301]


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_with_api_keys_nothing_is_public_to_shared_caches(name):
    with launch(name, env={"APILAB_API_KEYS": "k1"}) as service:
        answer = requests.get(f"{service.url}/models", headers={"x-api-key": "k1"}, timeout=5)
        assert answer.headers["cache-control"] == "private, max-age=60"

"""If-Match on PUT/PATCH: the lost update becomes a 412; 428 when the service requires it."""

import pytest
import requests

from services.common.launch import launch

ROW = {"model_id": "iris", "features": [6.3, 3.3, 6.0, 2.5]}


def created(api):
    response = api.post("/predictions", json=ROW)
    return response.headers["location"], response.headers["etag"]


@pytest.mark.parametrize("verb", ["put", "patch"])
def test_the_second_writer_holding_a_stale_tag_gets_412(api, verb):
    item, etag = created(api)
    alice = getattr(api, verb)(item, json={"feedback": "virginica"}, headers={"if-match": etag})
    assert alice.status_code == 200
    assert alice.headers["etag"] != etag
    bob = getattr(api, verb)(item, json={"feedback": "setosa"}, headers={"if-match": etag})
    assert bob.status_code == 412
    assert bob.headers["content-type"] == "application/problem+json"
    assert bob.json()["code"] == "precondition_failed"
    assert api.get(item).json()["feedback"] == "virginica"  # Alice's write was not lost
    retry = getattr(api, verb)(
        item, json={"feedback": "setosa"}, headers={"if-match": api.get(item).headers["etag"]}
    )
    assert retry.status_code == 200


def test_if_match_star_and_lists(api):
    item, etag = created(api)
    assert api.put(item, json={"feedback": None}, headers={"if-match": "*"}).status_code == 200
    current = api.get(item).headers["etag"]
    listed = api.put(item, json={"feedback": "setosa"}, headers={"if-match": f'"x", {current}'})
    assert listed.status_code == 200


def test_a_weak_tag_never_matches_if_match(api):
    item, etag = created(api)
    response = api.put(item, json={"feedback": "setosa"}, headers={"if-match": f"W/{etag}"})
    assert response.status_code == 412


def test_an_empty_patch_with_a_stale_tag_is_412_too(api):
    item, etag = created(api)
    api.put(item, json={"feedback": "setosa"})
    assert api.patch(item, json={}, headers={"if-match": etag}).status_code == 412


def test_if_match_on_a_missing_prediction_is_404(api):
    response = api.put("/predictions/nope", json={"feedback": None}, headers={"if-match": "*"})
    assert response.status_code == 404


def test_unconditional_updates_still_work_by_default(api):
    item, _ = created(api)
    assert api.put(item, json={"feedback": "setosa"}).status_code == 200


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_a_service_that_requires_if_match_answers_428(name):
    with launch(name, env={"APILAB_REQUIRE_IF_MATCH": "1"}) as service:
        made = requests.post(f"{service.url}/predictions", json=ROW, timeout=5)
        item = service.url + made.headers["location"]
        refused = requests.put(item, json={"feedback": "setosa"}, timeout=5)
        assert refused.status_code == 428
        assert refused.json()["code"] == "precondition_required"
        headers = {"if-match": made.headers["etag"]}
        assert requests.put(item, json={"feedback": "setosa"}, headers=headers, timeout=5).ok

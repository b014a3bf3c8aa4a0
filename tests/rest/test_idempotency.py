"""Idempotency-Key on POST /predictions: a retry replays the first answer, never a new row."""

import random
import threading
import uuid

import pytest
import requests

from services.common.launch import launch


def fresh_row() -> dict:
    """Features no other test sends, so the rows this test stored can be counted."""
    return {"model_id": "iris", "features": [round(random.uniform(4, 8), 6) for _ in range(4)]}


def stored_with(url: str, features: list[float]) -> list[str]:
    """Ids of every stored prediction with these features, paging through all of them."""
    ids, params = [], {"page_size": 1000}
    while True:
        page = requests.get(f"{url}/predictions", params=params, timeout=10).json()
        ids += [p["id"] for p in page["predictions"] if p["features"] == features]
        if not page["next_page_token"]:
            return ids
        params["page_token"] = page["next_page_token"]


def test_without_a_key_a_retried_post_stores_a_duplicate(api):
    row = fresh_row()
    first, retry = api.post("/predictions", json=row), api.post("/predictions", json=row)
    assert first.json()["id"] != retry.json()["id"]
    assert len(stored_with(api.base, row["features"])) == 2


def test_a_retry_with_the_key_replays_the_first_201(api):
    row, key = fresh_row(), str(uuid.uuid4())
    first = api.post("/predictions", json=row, headers={"idempotency-key": key})
    retry = api.post("/predictions", json=row, headers={"idempotency-key": f'"{key}"'})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert (first.headers["idempotent-replayed"], retry.headers["idempotent-replayed"]) == (
        "false",
        "true",
    )
    assert stored_with(api.base, row["features"]) == [first.json()["id"]]


def test_the_same_key_with_another_body_is_422(api):
    key = str(uuid.uuid4())
    assert api.post("/predictions", json=fresh_row(), headers={"idempotency-key": key}).ok
    other = fresh_row()
    response = api.post("/predictions", json=other, headers={"idempotency-key": key})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert stored_with(api.base, other["features"]) == []


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_400(api, key):
    headers = {"idempotency-key": key.encode()}
    response = api.post("/predictions", json=fresh_row(), headers=headers)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]


def test_an_invalid_body_does_not_use_up_the_key(api):
    key = str(uuid.uuid4())
    bad = api.post(
        "/predictions", json={"model_id": "iris", "features": [1]}, headers={"idempotency-key": key}
    )
    assert bad.status_code == 422
    assert api.post("/predictions", json=fresh_row(), headers={"idempotency-key": key}).ok


def race(urls: list[str], row: dict, key: str) -> list[requests.Response]:
    """One POST per URL, released at the same instant."""
    barrier, answers = threading.Barrier(len(urls)), [None] * len(urls)

    def post(i: int) -> None:
        session = requests.Session()
        session.get(urls[i] + "/healthz", timeout=5)  # connect first: the race is the POST
        barrier.wait()
        answers[i] = session.post(
            f"{urls[i]}/predictions", json=row, headers={"idempotency-key": key}, timeout=10
        )

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_retries_with_one_key_store_one_row(api):
    row = fresh_row()
    answers = race([api.base] * 8, row, str(uuid.uuid4()))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert sorted(a.headers["idempotent-replayed"] for a in answers) == ["false"] + ["true"] * 7
    assert len(stored_with(api.base, row["features"])) == 1


def test_the_key_holds_across_both_services_sharing_one_database(tmp_path):
    env = {"APILAB_DB_PATH": str(tmp_path / "shared.sqlite3")}
    with launch("flask_rest", env=env) as flask, launch("fastapi_rest", env=env) as fastapi:
        row = fresh_row()
        answers = race([flask.url, fastapi.url] * 3, row, str(uuid.uuid4()))
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        assert len(stored_with(flask.url, row["features"])) == 1

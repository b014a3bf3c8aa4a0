"""The SQLite store: round trips, paging with opaque tokens, concurrent writers."""

import threading

import pytest

from services.domain.store import PredictionStore, decode_token, encode_token


def record(i: int, model_id: str = "iris") -> dict:
    return {
        "id": f"p{i}",
        "model_id": model_id,
        "model_version": "1.0.0",
        "features": [float(i), 1.5],
        "label": "setosa",
        "score": 0.9,
        "created_at": "2026-01-01T00:00:00.000Z",
        "feedback": None,
    }


def test_add_then_get_returns_the_same_record(store):
    store.add(record(1))
    assert store.get("p1") == record(1)
    assert store.get("missing") is None


def test_pages_follow_insertion_order_and_end_with_no_token(store):
    for i in range(5):
        store.add(record(i, "iris" if i % 2 == 0 else "breast-cancer"))
    first, token = store.page(None, 2, None)
    second, token2 = store.page(None, 2, token)
    third, token3 = store.page(None, 2, token2)
    assert [p["id"] for p in first + second + third] == ["p0", "p1", "p2", "p3", "p4"]
    assert token3 is None
    iris, _ = store.page("iris", 10, None)
    assert [p["id"] for p in iris] == ["p0", "p2", "p4"]


def test_a_full_last_page_has_no_next_token(store):
    for i in range(2):
        store.add(record(i))
    assert store.page(None, 2, None)[1] is None


@pytest.mark.parametrize("token", ["", "garbage", encode_token(3)[:-2] + "!!", "YWZ0ZXI6eA"])
def test_tokens_not_issued_by_us_are_rejected(token):
    with pytest.raises(ValueError, match="page_token"):
        decode_token(token or "=")


def test_feedback_and_delete_report_whether_the_row_existed(store):
    store.add(record(1))
    assert store.set_feedback("p1", "virginica") is True
    assert store.get("p1")["feedback"] == "virginica"
    assert store.set_feedback("nope", "x") is False
    assert store.delete("p1") is True
    assert store.delete("p1") is False


def test_concurrent_writers_lose_nothing(tmp_path):
    store = PredictionStore(tmp_path / "db.sqlite3")

    def write(offset: int) -> None:
        for i in range(100):
            store.add(record(offset + i))

    threads = [threading.Thread(target=write, args=(t * 1000,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.count() == 800
    assert PredictionStore(tmp_path / "db.sqlite3").count() == 800  # and on disk

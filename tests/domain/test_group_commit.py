"""Group commit: every acknowledged row is in the file; one bad row fails only its request."""

import sqlite3
import threading
import uuid

import pytest

from services.domain.group_commit import GroupCommit
from services.domain.store import PredictionStore


def record(prediction_id: str | None = None) -> dict:
    return {
        "id": prediction_id or str(uuid.uuid4()),
        "model_id": "iris",
        "model_version": "1.0.0",
        "features": [5.1, 3.5, 1.4, 0.2],
        "label": "setosa",
        "score": 0.97,
        "created_at": "2026-01-01T00:00:00.000Z",
        "feedback": None,
    }


def rows_on_disk(path) -> set[str]:
    """Read by a connection of its own, as another process would after a crash."""
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM predictions")}


def test_rows_from_many_threads_are_committed_before_their_futures_complete(tmp_path):
    path = tmp_path / "p.sqlite3"
    writer = GroupCommit(PredictionStore(path))
    acknowledged, lock = [], threading.Lock()

    def client():
        for _ in range(25):
            row = record()
            writer.store_row(row)
            assert row["id"] in rows_on_disk(path)  # acknowledged = already in the file
            with lock:
                acknowledged.append(row["id"])

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(acknowledged) == 200
    assert rows_on_disk(path) == set(acknowledged)


def test_rows_handed_to_the_writer_thread_are_committed_when_their_futures_complete(
    tmp_path,
):
    path = tmp_path / "p.sqlite3"
    writer = GroupCommit(PredictionStore(path))
    rows = [record() for _ in range(50)]
    futures = [writer.add(row) for row in rows]
    for future in futures:
        assert future.result(timeout=10) is None
    assert rows_on_disk(path) == {row["id"] for row in rows}


def test_a_failing_row_fails_alone_and_its_neighbours_are_stored(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    store.add(record("taken"))
    writer = GroupCommit(store)
    futures = [writer.add(record()), writer.add(record("taken")), writer.add(record())]
    assert futures[0].result(timeout=10) is None
    with pytest.raises(sqlite3.IntegrityError):
        futures[1].result(timeout=10)
    assert futures[2].result(timeout=10) is None
    assert len(rows_on_disk(path)) == 3


def test_a_batch_is_committed_whole_or_not_at_all(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    store.add(record("taken"))
    with pytest.raises(sqlite3.IntegrityError):
        store.add_many([record(), record("taken"), record()])
    assert rows_on_disk(path) == {"taken"}
    store.add_many([record(), record()])
    assert len(rows_on_disk(path)) == 3

"""Group commit: every acknowledged row is in the file; one bad row fails only its request."""

import asyncio
import sqlite3
import threading
import uuid

import pytest
from waits import eventually, scaled

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


def test_a_failing_row_fails_alone_and_its_neighbours_are_stored(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    store.add(record("taken"))
    writer = GroupCommit(store)
    outcomes = {}

    def client(name, row):
        try:
            writer.store_row(row)
        except sqlite3.IntegrityError as error:
            outcomes[name] = error
        else:
            outcomes[name] = None

    rows = {"first": record(), "taken": record("taken"), "third": record()}
    threads = [threading.Thread(target=client, args=item) for item in rows.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(scaled(10))
    assert outcomes["first"] is None
    assert isinstance(outcomes["taken"], sqlite3.IntegrityError)
    assert outcomes["third"] is None
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


def test_rows_awaited_on_an_event_loop_are_committed_together_before_the_awaits_return(
    tmp_path,
):
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    writer = GroupCommit(store)
    batches = []
    add_many = store.add_many
    store.add_many = lambda rows: (batches.append(len(rows)), add_many(rows))[1]

    async def client(row):
        await writer.commit(row)
        assert row["id"] in rows_on_disk(path)  # acknowledged = already in the file

    async def main():
        rows = [record() for _ in range(64)]
        await asyncio.gather(*(client(row) for row in rows))
        return rows

    rows = asyncio.run(main())
    assert rows_on_disk(path) == {row["id"] for row in rows}
    assert sum(batches) == 64 and len(batches) < 64  # the first row alone, then the rest


def test_on_a_loop_a_failing_row_fails_alone_and_a_cancelled_wait_still_commits(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    store.add(record("taken"))
    writer = GroupCommit(store)
    gone = record()

    async def main():
        waits = [asyncio.ensure_future(writer.commit(r)) for r in (record(), record("taken"))]
        abandoned = asyncio.ensure_future(writer.commit(gone))
        await asyncio.sleep(0)  # every commit has queued its row
        abandoned.cancel()  # the client went away; its row was already handed over
        return await asyncio.gather(*waits, abandoned, return_exceptions=True)

    first, taken, cancelled = asyncio.run(main())
    assert first is None and isinstance(taken, sqlite3.IntegrityError)
    assert isinstance(cancelled, asyncio.CancelledError)
    assert gone["id"] in rows_on_disk(path) and len(rows_on_disk(path)) == 3


def test_a_thread_that_queues_while_the_loop_commits_is_committed_too(tmp_path):
    """FastAPI shares one writer: REST creates commit from the loop, JSON-RPC from threads."""
    path = tmp_path / "p.sqlite3"
    store = PredictionStore(path)
    writer = GroupCommit(store)
    committing, go_on = threading.Event(), threading.Event()
    add_many = store.add_many

    def held_add_many(rows):  # the loop's commit holds the writer while a thread arrives
        committing.set()
        go_on.wait(scaled(10))
        add_many(rows)

    store.add_many = held_add_many
    loop_side = threading.Thread(target=asyncio.run, args=(writer.commit(record()),))
    loop_side.start()
    assert committing.wait(scaled(10))
    from_thread = record()
    thread_side = threading.Thread(target=writer.store_row, args=(from_thread,), daemon=True)
    thread_side.start()
    assert eventually(lambda: not writer._queue.empty())  # queued, the lock held by the loop
    store.add_many = add_many
    go_on.set()
    loop_side.join(scaled(10))
    thread_side.join(scaled(10))
    assert not thread_side.is_alive(), "the thread's row was queued with nobody to commit it"
    assert from_thread["id"] in rows_on_disk(path)

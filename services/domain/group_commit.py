"""Group commit: the rows of many concurrent requests committed in one SQLite transaction.

Every ``POST /predictions`` stores a row before it answers 201. Committed one by one,
each row is its own transaction (a WAL append and the lock hand-over between the
server's threads): on this repository's benchmark machine that is most of the request.
Here one writer thread takes every row waiting in its queue, commits them together, and
only then resolves each request's future: a 201 still means the row is in the database
file and survives a crash of the process (SIGKILL). If the batch fails, its rows are
written again one at a time, so each request gets its own answer (a storage fault is
that request's 503, not its neighbours').

Threads wait with ``add(row).result()``; asyncio code awaits
``asyncio.wrap_future(add(row))`` and keeps its event loop free while SQLite writes.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from .store import PredictionStore

STOP = None


class GroupCommit:
    """One writer thread in front of a ``PredictionStore``; ``add`` returns a future."""

    def __init__(self, store: PredictionStore, max_batch: int = 256):
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

    def add(self, prediction: dict) -> Future:
        """Queue one row; the future completes once it is committed (or failed)."""
        future: Future = Future()
        self._queue.put((prediction, future))
        return future

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        self._queue.put(STOP)
        self._thread.join()

    def _run(self) -> None:
        while (item := self._queue.get()) is not STOP:
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is STOP:
                    self._commit(batch)
                    return
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[tuple[dict, Future]]) -> None:
        try:
            self.store.add_many([prediction for prediction, _ in batch])
        except Exception:  # noqa: BLE001 - each row is retried alone and gets its own error
            for prediction, future in batch:
                try:
                    self.store.add(prediction)
                except Exception as error:  # noqa: BLE001 - handed to the waiting request
                    future.set_exception(error)
                else:
                    future.set_result(None)
            return
        for _, future in batch:
            future.set_result(None)

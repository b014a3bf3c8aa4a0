"""Group commit: the rows of many concurrent requests committed in one SQLite transaction.

Every ``POST /predictions`` stores a row before it answers 201. Committed one by one,
each row is its own transaction (a WAL append and the lock hand-over between the
server's threads): on this repository's benchmark machine that is most of the request.
Here every row waiting is taken at once and committed together, and only then is each
request answered: a 201 still means the row is in the database file and survives a
crash of the process (SIGKILL). If the batch fails, its rows are
written again one at a time, so each request gets its own answer (a storage fault is
that request's 503, not its neighbours').

Threads call ``store_row(row)``; asyncio code awaits ``commit(row)``, which keeps its
event loop free while SQLite writes and costs the loop one wake-up per batch, not per row.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import weakref
from concurrent.futures import Future, ThreadPoolExecutor

from .store import PredictionStore


class GroupCommit:
    """Rows from many callers committed together: ``store_row`` for threads, ``commit`` for loops.

    ``store_row`` (threaded servers) commits in the caller's own thread: a caller that
    finds nobody committing leads, taking every row waiting, its own and the others',
    in one transaction, until the queue is empty; the others wait for their own row's
    future, each woken as soon as it is committed. ``commit`` (event loops) queues the
    row on the loop; one commit at a time runs on a worker thread and takes every row
    queued meanwhile, and the loop answers the whole batch when it returns. Whoever held
    the lock, a thread or the loop's worker, looks at the threads' queue after letting
    go (``_lead``), so a row queued meanwhile is never left without a leader.
    """

    def __init__(self, store: PredictionStore, max_batch: int = 256):
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pending: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # loop: rows
        self._committer = ThreadPoolExecutor(1, thread_name_prefix="group-commit")
        self._tasks: set[asyncio.Task] = set()

    def store_row(self, prediction: dict) -> None:
        """Returns once the row is committed; raises what its commit raised."""
        self._queue.put((prediction, future := Future()))
        self._lead()
        future.result()  # committed by us or by whoever held the lock when we queued

    def _lead(self) -> None:
        """Commit the threads' queue while nobody else is committing; check it again after."""
        while self._lock.acquire(blocking=False):
            try:
                while batch := self._drain([]):
                    self._commit(batch)
            finally:
                self._lock.release()
            if self._queue.empty():  # a row queued while we held the lock needs a leader
                break

    async def commit(self, prediction: dict) -> None:
        """Returns once the row is committed; raises what its commit raised."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        pending = self._pending.get(loop)
        if pending is None:  # nobody is committing for this loop: lead
            self._pending[loop] = pending = []
            task = loop.create_task(self._commit_pending(loop, pending))
            self._tasks.add(task)  # the loop keeps only a weak reference to a task
            task.add_done_callback(self._tasks.discard)
        pending.append((prediction, done))
        await done  # a client that goes away cancels its wait, not its row's commit

    async def _commit_pending(self, loop, pending: list) -> None:
        try:
            while pending:
                batch, pending[:] = pending[:], []
                outcomes = await loop.run_in_executor(
                    self._committer, self._commit_locked, [row for row, _ in batch]
                )
                _settle(batch, outcomes)
        finally:
            del self._pending[loop]

    def _commit_locked(self, rows: list[dict]) -> list[BaseException | None]:
        with self._lock:  # one transaction at a time with threads that lead
            outcomes = self._commit_rows(rows)
        self._lead()  # rows that threads queued while the loop's batch held the lock
        return outcomes

    def _commit_rows(self, rows: list[dict]) -> list[BaseException | None]:
        """Each row's outcome: committed (None) or its error. All at once, else one by one."""
        try:
            self.store.add_many(rows)
        except Exception:  # noqa: BLE001 - each row is retried alone and gets its own error
            outcomes: list[BaseException | None] = []
            for row in rows:
                try:
                    self.store.add(row)
                except Exception as error:  # noqa: BLE001 - handed to the waiting caller
                    outcomes.append(error)
                else:
                    outcomes.append(None)
            return outcomes
        return [None] * len(rows)

    def _drain(self, batch: list) -> list:
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _commit(self, batch: list[tuple[dict, Future]]) -> None:
        if batch:
            _settle(batch, self._commit_rows([prediction for prediction, _ in batch]))


def _settle(batch: list[tuple[dict, Future | asyncio.Future]], outcomes: list) -> None:
    """Wake each row's waiter with its outcome; a wait already given up is skipped."""
    for (_, waiter), error in zip(batch, outcomes, strict=True):
        if waiter.done():
            continue
        if error is None:
            waiter.set_result(None)
        else:
            waiter.set_exception(error)

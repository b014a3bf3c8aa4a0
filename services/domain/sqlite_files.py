"""The one SQLite file a service was started with, opened per thread, and its faults.

``sqlite3.connect(path)`` creates an empty file when the path is gone: a thread that
connects after the database was deleted writes rows into a fresh file without the
schema, or into the deleted inode, and the client is told they were stored. Here only
the constructor may create the file; every other connection is opened with the URI mode
``rw`` (never creates) and every operation checks that the path still names the same
file (device and inode) before it runs and, for writes, after it commits.

A storage fault (disk full, read-only file, lock held past the busy timeout, file gone
or replaced, damaged pages) becomes ``StorageUnavailable``: a 503 with ``Retry-After``,
logged once per episode, not once per request. The next operation that succeeds ends
the episode; nothing has to be restarted when the fault clears.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

from .errors import StorageUnavailable

log = logging.getLogger("services.domain.store")
NOT_FAULTS = (sqlite3.IntegrityError, sqlite3.ProgrammingError)  # our bugs, not the disk's
PROBE = "INSERT OR REPLACE INTO store_probe (id, at) VALUES (1, strftime('%f', 'now'))"
# a probe row can fit where a real one does not (the WAL reuses its frames): after a
# fault, readiness stays off this long before a probe may turn it on again, and an
# episode ends only after this long without a fault (a full disk flaps)
HOLD_SECONDS = 5.0


class Database:
    """Thread-local connections to one file that must keep being that file."""

    def __init__(self, path: str | Path, schema: str, busy_timeout: float = 10.0):
        self.memory = str(path) == ":memory:"  # tests and the gateway: nothing to protect
        self.path = Path(path)
        self.schema = (
            schema + "CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, at);"
        )
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self.fault: str | None = None  # what went wrong in the current episode
        self.fault_at = 0.0  # time.monotonic() of its last failure
        if not self.memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(self.path)) as first:  # may create
                first.execute("PRAGMA journal_mode=WAL")
                first.executescript(self.schema)
            self.identity = _identity(self.path)
            self.uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}?mode=rw"

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.memory:
                connection = sqlite3.connect(":memory:", isolation_level=None)
                connection.executescript(self.schema)
            else:
                connection = sqlite3.connect(
                    self.uri, uri=True, timeout=self.busy_timeout, isolation_level=None
                )
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    def _same_file(self) -> None:
        if self.memory:
            return
        try:
            now = _identity(self.path)
        except FileNotFoundError:
            raise sqlite3.OperationalError(f"{self.path} was deleted") from None
        if now != self.identity:
            raise sqlite3.OperationalError(f"{self.path} was replaced by another file")

    @contextlib.contextmanager
    def use(self, write: bool = False):
        """A connection for one operation; storage faults become StorageUnavailable."""
        try:
            self._same_file()
            yield self._connection()
            if write:  # the commit went to the file the service started with, still in place
                self._same_file()
        except NOT_FAULTS:
            raise
        except sqlite3.DatabaseError as error:
            self._drop_connection()
            self._failed(error)
        if self.fault is not None and time.monotonic() - self.fault_at >= HOLD_SECONDS:
            log.warning("storage recovered after: %s", self.fault)  # the episode's end
            self.fault = None

    def writable(self, busy_timeout: float = 1.0) -> bool:
        """Readiness: no fault in the last HOLD_SECONDS, and a probe row can be committed."""
        if self.fault is not None and time.monotonic() - self.fault_at < HOLD_SECONDS:
            return False
        try:
            with self.use(write=True) as connection:
                connection.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
                try:
                    connection.execute(PROBE)
                finally:
                    connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        except StorageUnavailable:
            return False
        return True

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()

    def _failed(self, error: sqlite3.DatabaseError) -> None:
        if self.fault is None:
            log.error("storage fault, answering 503 until it clears: %s (%s)", error, self.path)
        self.fault, self.fault_at = str(error), time.monotonic()
        raise StorageUnavailable(
            "the prediction store cannot be used right now; nothing was stored or changed,"
            " send the request again later"
        ) from None


def _identity(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino

"""The gateway's shared state in SQLite (WAL): rate windows, token and spend counters, cache.

Counters in process memory vanish on restart and differ between two gateway processes,
so a client could double its quota by hitting both. One SQLite file in WAL mode, opened
by every process on the machine, gives both: it survives restarts, and ``BEGIN
IMMEDIATE`` makes each admission one atomic check-and-reserve across processes. A fleet
on several machines would use Redis instead (atomic INCR and Lua scripts, TTLs that
expire windows by themselves, one network hop from every replica); SQLite cannot be
shared over a network file system safely.

Every method blocks (file I/O, lock waits): call them from a worker thread, never on
the event loop.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_key ON hits (key, at);
CREATE TABLE IF NOT EXISTS spend (
    key TEXT NOT NULL, period TEXT NOT NULL, tokens INTEGER NOT NULL DEFAULT 0,
    usd REAL NOT NULL DEFAULT 0, PRIMARY KEY (key, period));
CREATE TABLE IF NOT EXISTS reservations (
    id TEXT PRIMARY KEY, key TEXT NOT NULL, tokens INTEGER NOT NULL, usd REAL NOT NULL,
    expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, used REAL);
"""
RESERVATION_SECONDS = 600  # a reservation of a process that died is released after this


class Store:
    def __init__(self, path: Path | str, cache_size: int = 1024):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout = 5000")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoint, fast
        self.db.executescript(SCHEMA)
        self.cache_size = cache_size
        self.lock = threading.Lock()  # one connection, used by one thread at a time

    @contextmanager
    def transaction(self):
        """One atomic unit across threads and processes (the write lock is taken at once)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # admission: the counts a decision needs, then the reservation, in one transaction
    def window(self, db, key: str, now: float, seconds: float = 60) -> list[float]:
        db.execute("DELETE FROM hits WHERE key = ? AND at <= ?", (key, now - seconds))
        return [at for (at,) in db.execute("SELECT at FROM hits WHERE key = ? ORDER BY at", (key,))]

    def spent(self, db, key: str, period: str) -> tuple[int, float]:
        row = db.execute(
            "SELECT tokens, usd FROM spend WHERE key = ? AND period = ?", (key, period)
        ).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    def reserved(self, db, key: str, now: float) -> tuple[int, float]:
        db.execute("DELETE FROM reservations WHERE expires < ?", (now,))
        row = db.execute(
            "SELECT COALESCE(SUM(tokens), 0), COALESCE(SUM(usd), 0) FROM reservations "
            "WHERE key = ?",
            (key,),
        ).fetchone()
        return row[0], row[1]

    def reserve(self, db, key: str, now: float, tokens: int, usd: float) -> str:
        reservation = uuid.uuid4().hex
        db.execute("INSERT INTO hits VALUES (?, ?)", (key, now))
        db.execute(
            "INSERT INTO reservations VALUES (?, ?, ?, ?, ?)",
            (reservation, key, tokens, usd, now + RESERVATION_SECONDS),
        )
        return reservation

    def settle(self, reservation: str, key: str, periods: list[str], tokens: int, usd: float):
        """Replace the reservation by what was really spent, in every period counted."""
        with self.transaction() as db:
            db.execute("DELETE FROM reservations WHERE id = ?", (reservation,))
            for period in periods:
                db.execute(
                    "INSERT INTO spend VALUES (?, ?, ?, ?) ON CONFLICT (key, period) DO UPDATE "
                    "SET tokens = tokens + excluded.tokens, usd = usd + excluded.usd",
                    (key, period, tokens, usd),
                )

    def read_spent(self, key: str, period: str) -> tuple[int, float]:
        with self.lock:
            return self.spent(self.db, key, period)

    # the answer cache: least recently used entries go first
    def cache_get(self, key: str) -> dict | None:
        with self.lock:
            row = self.db.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
            if row:
                self.db.execute("UPDATE cache SET used = ? WHERE key = ?", (time.time(), key))
        return json.loads(row[0]) if row else None

    def cache_put(self, key: str, value: dict) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                (key, json.dumps(value), time.time()),
            )
            db.execute(
                "DELETE FROM cache WHERE key NOT IN "
                "(SELECT key FROM cache ORDER BY used DESC LIMIT ?)",
                (self.cache_size,),
            )

    def close(self) -> None:
        with self.lock:
            self.db.close()

"""Stored predictions in SQLite (stdlib ``sqlite3``) behind a small repository interface.

WAL mode lets readers run while one writer commits; each thread gets its own connection,
always to the file the store was opened with (``sqlite_files.py``: storage faults are 503s).
``synchronous=NORMAL`` in WAL mode: a committed prediction survives a crash of the
process (SIGKILL); only a power cut may lose the last few commits. FULL would fsync
every insert and cost a millisecond or more per request.
"""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
from pathlib import Path

from .sqlite_files import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS predictions (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order, for paging
    id            TEXT NOT NULL UNIQUE,
    model_id      TEXT NOT NULL,
    model_version TEXT NOT NULL,
    features      TEXT NOT NULL,                      -- JSON array of numbers
    label         TEXT NOT NULL,
    score         REAL NOT NULL,
    created_at    TEXT NOT NULL,
    feedback      TEXT
);
CREATE INDEX IF NOT EXISTS predictions_model ON predictions (model_id, seq);
"""
FIELDS = ("id", "model_id", "model_version", "features", "label", "score", "created_at", "feedback")
INSERT = (
    "INSERT INTO predictions (id, model_id, model_version, features, label, score, created_at,"
    " feedback) VALUES (:id, :model_id, :model_version, :features, :label, :score, :created_at,"
    " :feedback)"
)
SELECT = (
    "SELECT seq, id, model_id, model_version, features, label, score, created_at, feedback"
    " FROM predictions"
)


class PredictionStore:
    """Create, read, page, update feedback and delete stored predictions."""

    def __init__(self, path: str | Path, busy_timeout: float = 10.0):
        self.path = Path(path)
        self.database = Database(path, SCHEMA, busy_timeout)

    @contextlib.contextmanager
    def transaction(self):
        """One write transaction on this thread's connection (idempotency.py, If-Match).

        BEGIN IMMEDIATE takes the write lock at once, so two processes sharing the file
        run their check-then-write one after the other; the methods called inside join it.
        """
        with self.database.use(write=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def add(self, prediction: dict) -> None:
        """Returns once the row is committed to the file the store was opened with."""
        row = dict(prediction, features=json.dumps(prediction["features"]))
        with self.database.use(write=True) as connection:
            connection.execute(INSERT, row)

    def add_many(self, predictions: list[dict]) -> None:
        """Several rows in one transaction: all committed, or none (group_commit.py)."""
        rows = [dict(p, features=json.dumps(p["features"])) for p in predictions]
        with self.transaction() as connection:
            connection.executemany(INSERT, rows)

    def get(self, prediction_id: str) -> dict | None:
        with self.database.use() as connection:
            row = connection.execute(SELECT + " WHERE id = ?", (prediction_id,)).fetchone()
        return _as_dict(row) if row else None

    def page(self, model_id: str | None, page_size: int, page_token: str | None):
        """One page in insertion order, and the token of the next page (or None)."""
        after = decode_token(page_token) if page_token else 0
        query = SELECT + " WHERE seq > ?"
        params: list = [after]
        if model_id is not None:
            query += " AND model_id = ?"
            params.append(model_id)
        with self.database.use() as connection:
            query += " ORDER BY seq LIMIT ?"
            rows = connection.execute(query, [*params, page_size + 1]).fetchall()
        token = encode_token(rows[page_size - 1]["seq"]) if len(rows) > page_size else None
        return [_as_dict(row) for row in rows[:page_size]], token

    def set_feedback(self, prediction_id: str, feedback: str | None) -> bool:
        with self.database.use(write=True) as connection:
            cursor = connection.execute(
                "UPDATE predictions SET feedback = ? WHERE id = ?", (feedback, prediction_id)
            )
        return cursor.rowcount == 1

    def delete(self, prediction_id: str) -> bool:
        with self.database.use(write=True) as connection:
            cursor = connection.execute("DELETE FROM predictions WHERE id = ?", (prediction_id,))
        return cursor.rowcount == 1

    def count(self) -> int:
        with self.database.use() as connection:
            return connection.execute("SELECT COUNT(*) FROM predictions").fetchone()[0]

    def writable(self) -> bool:
        """Readiness: True if a write would be committed now (storage faults say False)."""
        return self.database.writable()


def encode_token(seq: int) -> str:
    """Opaque to clients: they must not build tokens, only pass them back."""
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The sequence number a page token stands for; ValueError if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, seq = text.split(":")
        # ASCII digits only ("²".isdigit() is True), and within SQLite's 64-bit integers
        if prefix != "after" or not (seq.isascii() and seq.isdigit()) or len(seq) > 18:
            raise ValueError
        return int(seq)
    except (ValueError, UnicodeDecodeError):
        raise ValueError(f"page_token {token!r} was not issued by this service") from None


def _as_dict(row: sqlite3.Row) -> dict:
    prediction = {name: row[name] for name in FIELDS}
    prediction["features"] = json.loads(prediction["features"])
    return prediction

"""Stored predictions in SQLite (stdlib ``sqlite3``) behind a small repository interface.

WAL mode lets readers run while one writer commits; each thread gets its own connection.
``synchronous=NORMAL`` in WAL mode: a committed prediction survives a crash of the
process (SIGKILL); only a power cut may lose the last few commits. FULL would fsync
every insert and cost a millisecond or more per request.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from pathlib import Path

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

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connect().executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    def add(self, prediction: dict) -> None:
        self._connect().execute(
            INSERT, dict(prediction, features=json.dumps(prediction["features"]))
        )

    def add_many(self, predictions: list[dict]) -> None:
        """Several rows in one transaction: all committed, or none (group_commit.py)."""
        rows = [dict(p, features=json.dumps(p["features"])) for p in predictions]
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(INSERT, rows)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def get(self, prediction_id: str) -> dict | None:
        row = self._connect().execute(SELECT + " WHERE id = ?", (prediction_id,)).fetchone()
        return _as_dict(row) if row else None

    def page(self, model_id: str | None, page_size: int, page_token: str | None):
        """One page in insertion order, and the token of the next page (or None)."""
        after = decode_token(page_token) if page_token else 0
        query = SELECT + " WHERE seq > ?"
        params: list = [after]
        if model_id is not None:
            query += " AND model_id = ?"
            params.append(model_id)
        rows = self._connect().execute(query + " ORDER BY seq LIMIT ?", [*params, page_size + 1])
        rows = rows.fetchall()
        token = encode_token(rows[page_size - 1]["seq"]) if len(rows) > page_size else None
        return [_as_dict(row) for row in rows[:page_size]], token

    def set_feedback(self, prediction_id: str, feedback: str | None) -> bool:
        cursor = self._connect().execute(
            "UPDATE predictions SET feedback = ? WHERE id = ?", (feedback, prediction_id)
        )
        return cursor.rowcount == 1

    def delete(self, prediction_id: str) -> bool:
        cursor = self._connect().execute("DELETE FROM predictions WHERE id = ?", (prediction_id,))
        return cursor.rowcount == 1

    def count(self) -> int:
        return self._connect().execute("SELECT COUNT(*) FROM predictions").fetchone()[0]


def encode_token(seq: int) -> str:
    """Opaque to clients: they must not build tokens, only pass them back."""
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The sequence number a page token stands for; ValueError if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, seq = text.split(":")
        if prefix != "after" or not seq.isdigit():
            raise ValueError
        return int(seq)
    except (ValueError, UnicodeDecodeError):
        raise ValueError(f"page_token {token!r} was not issued by this service") from None


def _as_dict(row: sqlite3.Row) -> dict:
    prediction = {name: row[name] for name in FIELDS}
    prediction["features"] = json.loads(prediction["features"])
    return prediction

"""Creating a prediction at most once per ``Idempotency-Key``, so a client may retry a POST.

POST is neither safe nor idempotent: when a request times out after the server stored
the row, the client cannot tell, and a blind retry stores a second one. With a key
(draft-ietf-httpapi-idempotency-key-header) the retry is answered with the first
result instead. The key and the prediction are written in one SQLite transaction that
takes the write lock first (BEGIN IMMEDIATE), so two retries racing with one key, in
one process or in two sharing the database, store one row: the second waits for the
lock and then finds the key.

- Same key, same body: the original answer (201 and the same prediction), replayed.
- Same key, another body: refused with 422 (the draft's status for a reused key), as
  the client has a bug: it gave one key to two different operations.
- Keys expire after ``TTL_SECONDS`` (24 hours); after that the key may be reused.
- "Same body" means the same model id and feature values once decoded, not the same
  bytes: key order or spacing in the JSON does not matter.
Keys are one namespace for the whole service (no per-client scope: this API has no
per-client data).
"""

from __future__ import annotations

import hashlib
import json
import time

from .errors import IdempotencyKeyReused, MalformedPayload
from .records import PredictionService

TTL_SECONDS = 24 * 60 * 60
MAX_KEY_LENGTH = 255
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS idempotency_keys ("
    " key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT NOT NULL,"
    " created_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idempotency_keys_age ON idempotency_keys (created_at)",
)


def parse_key(header: str) -> str:
    """The key from the header: a structured-field string ("...") as the draft says, or bare."""
    key = header.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " < ch <= "~" for ch in key):
        raise MalformedPayload(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters "
            "without spaces, for example a UUID"
        )
    return key


def fingerprint(model_id: object, features: object) -> str:
    body = json.dumps([model_id, features], separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def create_prediction_once(
    service: PredictionService,
    header: str,
    model_id: str,
    features: object,
    now: float | None = None,
) -> tuple[dict, bool]:
    """(the prediction, whether it is a replay of an earlier request with this key)."""
    key = parse_key(header)
    digest = fingerprint(model_id, features)
    now = time.time() if now is None else now
    with service.store.transaction() as db:
        for statement in SCHEMA:
            db.execute(statement)
        db.execute("DELETE FROM idempotency_keys WHERE created_at <= ?", (now - TTL_SECONDS,))
        row = db.execute(
            "SELECT fingerprint, response FROM idempotency_keys WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            if row[0] != digest:
                raise IdempotencyKeyReused(
                    f"Idempotency-Key {key!r} was already used for a different request body; "
                    "use a new key for a new prediction"
                )
            return json.loads(row[1]), True
        prediction = service.new_prediction(model_id, features)
        service.store.add(prediction)  # in this transaction, not the group commit's
        db.execute(
            "INSERT INTO idempotency_keys (key, fingerprint, response, created_at)"
            " VALUES (?, ?, ?, ?)",
            (key, digest, json.dumps(prediction), now),
        )
    return prediction, False

"""The /predictions resource: create (201 + Location), list with paging, read, correct."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import model
from db import get_db
from flask import Blueprint, current_app, request, url_for

bp = Blueprint("predictions", __name__, url_prefix="/predictions")


def problem(status: int, detail: str):
    """The one error shape (RFC 9457 problem details with status and detail)."""
    return (
        {"status": status, "detail": detail},
        status,
        {"Content-Type": "application/problem+json"},
    )


def is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def find(prediction_id: int) -> dict | None:
    row = get_db().execute("SELECT * FROM predictions WHERE id = ?", (prediction_id,)).fetchone()
    return as_dict(row) if row else None


def as_dict(row) -> dict:
    return {**dict(row), "features": json.loads(row["features"]), "score": round(row["score"], 3)}


@bp.post("")
def create():
    """Predict, store, answer the stored prediction with 201 and where it lives."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, 'send a JSON object: {"features": [4 numbers]}')
    features = body.get("features")
    if not (isinstance(features, list) and len(features) == 4 and all(map(is_number, features))):
        return problem(422, "features must be a list of 4 finite numbers")
    label, score = model.predict(current_app.extensions["model"], features)
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    cursor = get_db().execute(
        "INSERT INTO predictions (features, label, score, created_at) VALUES (?, ?, ?, ?)",
        (json.dumps(features), label, score, created_at),
    )
    get_db().commit()  # acknowledged only once it is on disk
    stored = find(cursor.lastrowid)
    return stored, 201, {"Location": url_for("predictions.read", prediction_id=stored["id"])}


@bp.get("")
def list_all():
    """Newest first, page_size at a time; next_page_token fetches the page after this one."""
    page_size, token = request.args.get("page_size", "10"), request.args.get("page_token")
    if not page_size.isdigit() or not 1 <= int(page_size) <= 100:
        return problem(422, "page_size must be a whole number from 1 to 100")
    if token is not None and not token.isdigit():
        return problem(422, "page_token must be a next_page_token this API sent")
    before = int(token) if token else 2**63 - 1
    rows = (
        get_db()
        .execute(
            "SELECT * FROM predictions WHERE id < ? ORDER BY id DESC LIMIT ?",
            (before, int(page_size) + 1),
        )
        .fetchall()
    )
    page = [as_dict(row) for row in rows[: int(page_size)]]
    more = len(rows) > int(page_size)
    return {"predictions": page, "next_page_token": str(page[-1]["id"]) if more else None}


@bp.get("/<int:prediction_id>")
def read(prediction_id: int):
    return find(prediction_id) or problem(404, f"no prediction {prediction_id}")


@bp.put("/<int:prediction_id>")
def correct(prediction_id: int):
    """Record the true class: {"true_label": "setosa"}."""
    if find(prediction_id) is None:
        return problem(404, f"no prediction {prediction_id}")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, 'send a JSON object: {"true_label": "<class>"}')
    classes = current_app.extensions["model"]["classes"]
    if body.get("true_label") not in classes:
        return problem(422, f"true_label must be one of {', '.join(classes)}")
    get_db().execute(
        "UPDATE predictions SET true_label = ? WHERE id = ?", (body["true_label"], prediction_id)
    )
    get_db().commit()
    return find(prediction_id)

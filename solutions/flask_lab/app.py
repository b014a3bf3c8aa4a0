"""The Flask lab's assignment, solved: an ML API that remembers its predictions.

Run: ``flask --app solutions/flask_lab/app.py run --port 5000``, then open
http://127.0.0.1:5000/ (the database path comes from FLASK_LAB_DATABASE).
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from datetime import UTC, datetime

from flask import Flask, current_app, g, render_template, request, url_for
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

SCHEMA = """CREATE TABLE IF NOT EXISTS predictions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, features TEXT NOT NULL, label TEXT NOT NULL,
    score REAL NOT NULL, true_label TEXT, created_at TEXT NOT NULL)"""


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config["DATABASE"] = os.environ.get("FLASK_LAB_DATABASE", "predictions.sqlite3")
    if test_config:
        app.config.update(test_config)
    iris = load_iris()
    app.extensions["model"] = (
        LogisticRegression(max_iter=1000).fit(iris.data, iris.target),
        [str(name) for name in iris.target_names],
    )
    with sqlite3.connect(app.config["DATABASE"]) as connection:
        connection.execute(SCHEMA)
    app.teardown_appcontext(close_db)
    app.register_error_handler(404, lambda e: error(404, "no such resource"))
    app.register_error_handler(405, lambda e: error(405, "method not allowed here"))

    @app.get("/")
    def index():
        count = db().execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
        return render_template("index.html", count=count, classes=app.extensions["model"][1])

    @app.post("/predict")
    def predict():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return error(400, 'send a JSON object: {"features": [4 numbers]}')
        features = body.get("features")
        if not (
            isinstance(features, list) and len(features) == 4 and all(map(is_number, features))
        ):
            return error(422, "features must be a list of 4 finite numbers")
        model, classes = current_app.extensions["model"]
        probabilities = model.predict_proba([features])[0]
        best = int(probabilities.argmax())
        cursor = db().execute(
            "INSERT INTO predictions (features, label, score, created_at) VALUES (?, ?, ?, ?)",
            (
                repr(features),
                classes[best],
                float(probabilities[best]),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        db().commit()
        stored = find(cursor.lastrowid)
        return stored, 201, {"Location": url_for("past_prediction", prediction_id=stored["id"])}

    @app.get("/past_predictions")
    def past_predictions():
        rows = db().execute("SELECT * FROM predictions ORDER BY id DESC").fetchall()
        return {"predictions": [as_dict(row) for row in rows]}

    @app.put("/past_predictions/<int:prediction_id>")
    def past_prediction(prediction_id: int):
        if find(prediction_id) is None:
            return error(404, f"no prediction {prediction_id}")
        body = request.get_json(silent=True)
        classes = current_app.extensions["model"][1]
        if not isinstance(body, dict) or body.get("true_label") not in classes:
            return error(422, f"true_label must be one of {', '.join(classes)}")
        db().execute(
            "UPDATE predictions SET true_label = ? WHERE id = ?",
            (body["true_label"], prediction_id),
        )
        db().commit()
        return find(prediction_id)

    return app


def is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def error(status: int, message: str):
    return {"error": message, "status": status}, status


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(exception=None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def find(prediction_id: int) -> dict | None:
    row = db().execute("SELECT * FROM predictions WHERE id = ?", (prediction_id,)).fetchone()
    return as_dict(row) if row else None


def as_dict(row: sqlite3.Row) -> dict:
    return {**dict(row), "features": json.loads(row["features"])}

"""The Flask lab's assignment, solved: an ML API that stores its predictions.

Run: flask --app solutions/flask_lab/app.py run --port 5000, then open
http://127.0.0.1:5000/ (the database is instance/predictions.sqlite3 unless the
FLASK_DATABASE environment variable or test_config names another file).
"""

from __future__ import annotations

from pathlib import Path

import db
import model
import predictions
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory: a new app per call, configured before anything runs."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DATABASE=str(Path(app.instance_path) / "predictions.sqlite3"))
    app.config.from_prefixed_env()  # FLASK_DATABASE=... overrides the default
    if test_config is not None:
        app.config.from_mapping(test_config)
    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)

    app.extensions["model"] = model.load(Path(__file__).with_name("model.json"))
    db.init_app(app)
    app.register_blueprint(predictions.bp)
    app.register_error_handler(HTTPException, problem_from_http_error)

    @app.get("/")
    def index():
        """The welcome page: what the API does, its routes, how many predictions it made."""
        count = db.get_db().execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
        classes = app.extensions["model"]["classes"]
        return render_template("index.html", count=count, classes=classes)

    return app


def problem_from_http_error(error: HTTPException):
    """Every 404, 405, ... of Flask itself answers the same JSON shape as our own errors."""
    allow = {k: v for k, v in error.get_response().headers if k == "Allow"}  # on a 405
    body, status, headers = predictions.problem(error.code, error.description)
    return body, status, {**headers, **allow}

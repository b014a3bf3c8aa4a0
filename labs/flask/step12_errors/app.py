"""Step 12: every error is the same JSON (problem details), Flask's own 404/405/500 too.

Step 11's app plus error handlers. Run:
    flask --app labs/flask/step12_errors/app.py init-db
    flask --app labs/flask/step12_errors/app.py run --port 5000
"""

import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app, g, request, url_for
from werkzeug.exceptions import HTTPException

SCHEMA = """DROP TABLE IF EXISTS items;
CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);"""


def get_db() -> sqlite3.Connection:
    """The request's connection, opened on first use: g lives as long as one request."""
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row  # rows behave like dicts
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    """Runs after every request, even one that failed, so no connection is ever leaked."""
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def problem(status: int, detail: str):
    return (
        {"status": status, "detail": detail},
        status,
        {"Content-Type": "application/problem+json"},
    )


def http_error(error: HTTPException):
    """Flask's own errors (404 no route, 405 wrong method, ...) in the lab's shape."""
    allow = {k: v for k, v in error.get_response().headers if k == "Allow"}  # on a 405
    body, status, headers = problem(error.code, error.description)
    return body, status, {**headers, **allow}


def unexpected_error(error: Exception):
    """A bug: the client learns nothing of it (no traceback); the log gets everything."""
    current_app.logger.exception("unhandled error")
    return problem(500, "internal error; the server's log has the details")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DATABASE=str(Path(app.instance_path) / "items.sqlite3"))
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    app.teardown_appcontext(close_db)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)

    @app.cli.command("init-db")
    def init_db():
        """Create an empty items table (an existing one is deleted)."""
        get_db().executescript(SCHEMA)
        click.echo(f"initialised {current_app.config['DATABASE']}")

    @app.get("/items")
    def list_items():
        rows = get_db().execute("SELECT id, name FROM items ORDER BY id").fetchall()
        return {"items": [dict(row) for row in rows]}

    @app.post("/items")
    def create_item():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return problem(400, 'send a JSON object: {"name": "..."}')
        if not isinstance(body.get("name"), str) or not body["name"].strip():
            return problem(422, "name must be a non-empty string")
        cursor = get_db().execute("INSERT INTO items (name) VALUES (?)", (body["name"],))
        get_db().commit()  # answer 201 only once the row is on disk
        item = {"id": cursor.lastrowid, "name": body["name"]}
        return item, 201, {"Location": url_for("get_item", item_id=item["id"])}

    @app.get("/items/<int:item_id>")
    def get_item(item_id: int):
        row = get_db().execute("SELECT id, name FROM items WHERE id = ?", (item_id,)).fetchone()
        return dict(row) if row else problem(404, f"no item {item_id}")

    @app.get("/crash")
    def crash():
        """A bug on purpose, to see what a client gets from one."""
        return {"ratio": 1 / 0}

    return app

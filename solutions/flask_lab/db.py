"""SQLite, one connection per request: opened on first use (in g), closed at teardown."""

import sqlite3

from flask import Flask, current_app, g

SCHEMA = """CREATE TABLE IF NOT EXISTS predictions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: an id is never reused
    features TEXT NOT NULL, label TEXT NOT NULL, score REAL NOT NULL,
    true_label TEXT, created_at TEXT NOT NULL)"""


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def init_app(app: Flask) -> None:
    """Create the table if it is missing (data from an earlier run is kept)."""
    app.teardown_appcontext(close_db)
    with app.app_context():
        get_db().execute(SCHEMA)

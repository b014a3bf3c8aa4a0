"""Fixtures as in Flask's tutorial: each test gets a new app on its own temporary database."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "step12_errors"))  # the app under test
from app import create_app  # noqa: E402


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.sqlite3")})
    app.test_cli_runner().invoke(args=["init-db"])
    return app


@pytest.fixture
def client(app):
    """Flask's test client: requests go straight to the app, no server and no port."""
    return app.test_client()

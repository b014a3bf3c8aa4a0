"""Flask's OpenAPI document is written by hand: every route served must be in it."""

import re

import pytest
import requests
import yaml

from services.flask_rest import create_app
from services.flask_rest.health import OPENAPI


@pytest.fixture
def app(tmp_path):
    return create_app({"DB_PATH": str(tmp_path / "db.sqlite3")})


def served_operations(app) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        operations |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return operations


def documented_operations() -> set[tuple[str, str]]:
    paths = yaml.safe_load(OPENAPI.read_text())["paths"]
    return {
        (path, method) for path, item in paths.items() for method in item if method != "parameters"
    }


def test_every_served_route_is_documented_and_nothing_else(app):
    assert served_operations(app) == documented_operations()


def test_the_document_is_served_as_json(flask_rest):
    document = requests.get(f"{flask_rest.url}/openapi.json", timeout=5).json()
    assert document["openapi"].startswith("3.1")
    assert "/predictions/{prediction_id}" in document["paths"]

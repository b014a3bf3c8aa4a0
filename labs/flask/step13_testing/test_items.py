"""Step 13: step 12's app, tested with Flask's test client and pytest."""

import pytest
from app import create_app


def test_create_answers_201_and_a_location_that_answers_get(client):
    created = client.post("/items", json={"name": "first"})
    assert created.status_code == 201
    assert client.get(created.headers["Location"]).json == {"id": 1, "name": "first"}


def test_items_are_in_the_database_not_in_the_app(app):
    app.test_client().post("/items", json={"name": "kept"})
    # a second app on the same file, as after a restart, sees the item: it is on disk
    other = create_app({"DATABASE": app.config["DATABASE"]}).test_client()
    assert other.get("/items").json == {"items": [{"id": 1, "name": "kept"}]}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/items", {"data": "not json"}, 400),
        ("post", "/items", {"json": [1]}, 400),
        ("post", "/items", {"json": {"name": ""}}, 422),
        ("get", "/items/7", {}, 404),
        ("get", "/nowhere", {}, 404),
        ("delete", "/items", {}, 405),
        ("get", "/crash", {}, 500),
    ],
)
def test_every_error_is_problem_json(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status and response.json["detail"]

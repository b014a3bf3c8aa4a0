"""The assignment's routes through Flask's test client (no server, no port)."""

import pytest

SETOSA = [5.1, 3.5, 1.4, 0.2]


def test_welcome_page_counts_predictions(client):
    assert "0 predictions" in client.get("/").text
    client.post("/predictions", json={"features": SETOSA})
    assert "1 prediction" in client.get("/").text


def test_create_answers_201_with_a_location_that_answers_get(client):
    created = client.post("/predictions", json={"features": SETOSA})
    assert created.status_code == 201
    assert created.json["label"] == "setosa" and created.json["true_label"] is None
    assert client.get(created.headers["Location"]).json == created.json


def test_list_is_newest_first_and_paged(client):
    ids = [client.post("/predictions", json={"features": SETOSA}).json["id"] for _ in range(3)]
    first = client.get("/predictions?page_size=2").json
    assert [p["id"] for p in first["predictions"]] == ids[:0:-1]
    rest = client.get(f"/predictions?page_size=2&page_token={first['next_page_token']}").json
    assert [p["id"] for p in rest["predictions"]] == ids[:1]
    assert rest["next_page_token"] is None


def test_put_records_the_true_label(client):
    made = client.post("/predictions", json={"features": SETOSA}).json
    updated = client.put(f"/predictions/{made['id']}", json={"true_label": "versicolor"})
    assert updated.status_code == 200 and updated.json["true_label"] == "versicolor"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/predictions", {"data": "oops"}, 400),
        ("post", "/predictions", {"json": [1, 2, 3, 4]}, 400),
        ("post", "/predictions", {"json": {"features": [1, 2]}}, 422),
        ("put", "/predictions/99", {"json": {"true_label": "setosa"}}, 404),
        ("delete", "/predictions", {}, 405),
        ("get", "/nowhere", {}, 404),
    ],
)
def test_errors_are_problem_details(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status and response.json["detail"]

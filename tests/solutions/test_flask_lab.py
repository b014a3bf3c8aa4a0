"""The assignment's solution, every route, with a real client against a real server."""

import os
import subprocess
import sys
import time

import pytest
import requests

from services.common.launch import ROOT, free_port

SETOSA, VIRGINICA = [5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "FLASK_LAB_DATABASE": str(tmp_path_factory.mktemp("lab") / "db.sqlite3")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "solutions/flask_lab/app.py",
            "run",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url, timeout=30)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the solution did not start"
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(10)


def test_welcome_page_is_rendered_from_the_template(base):
    page = requests.get(f"{base}/", timeout=5)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Welcome to the iris prediction API" in page.text and "setosa, versicolor" in page.text


def test_predict_stores_and_answers_201_with_location(base):
    response = requests.post(f"{base}/predict", json={"features": SETOSA}, timeout=5)
    assert response.status_code == 201
    body = response.json()
    assert body["label"] == "setosa" and body["features"] == SETOSA and body["true_label"] is None
    assert response.headers["Location"] == f"/past_predictions/{body['id']}"


def test_past_predictions_newest_first_and_feedback(base):
    first = requests.post(f"{base}/predict", json={"features": SETOSA}, timeout=5).json()
    second = requests.post(f"{base}/predict", json={"features": VIRGINICA}, timeout=5).json()
    listed = requests.get(f"{base}/past_predictions", timeout=5).json()["predictions"]
    assert [p["id"] for p in listed[:2]] == [second["id"], first["id"]]
    updated = requests.put(
        f"{base}/past_predictions/{second['id']}", json={"true_label": "versicolor"}, timeout=5
    )
    assert updated.status_code == 200 and updated.json()["true_label"] == "versicolor"
    assert "prediction" in requests.get(f"{base}/", timeout=5).text


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/predict", {"data": "oops"}, 400),
        ("post", "/predict", {"json": {"features": [1, 2]}}, 422),
        ("post", "/predict", {"json": {"features": [1, "x", 3, 4]}}, 422),
        ("put", "/past_predictions/999999", {"json": {"true_label": "setosa"}}, 404),
        ("put", "/past_predictions/1", {"json": {"true_label": "rose"}}, 422),
        ("delete", "/past_predictions/1", {}, 405),
        ("get", "/nowhere", {}, 404),
    ],
)
def test_bad_input_gets_a_json_error_and_the_app_goes_on(base, method, path, kwargs, status):
    requests.post(f"{base}/predict", json={"features": SETOSA}, timeout=5)
    response = getattr(requests, method)(f"{base}{path}", timeout=5, **kwargs)
    assert response.status_code == status
    assert response.json()["error"]
    assert requests.get(f"{base}/past_predictions", timeout=5).status_code == 200

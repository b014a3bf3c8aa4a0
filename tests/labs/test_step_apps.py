"""Each step's app with Flask's test client: what the README says about it holds."""

import importlib.util
import sys

import pytest

from services.common.launch import ROOT


def load(step: str):
    path = ROOT / "labs" / "flask" / step / "app.py"
    spec = importlib.util.spec_from_file_location(f"lab_{step}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # Flask finds templates/ through the module's file
    spec.loader.exec_module(module)
    return module.app


def test_step1_answers_hello():
    assert load("step01_hello").test_client().get("/").data == b"Hello, API Lab!\n"


def test_step2_debug_is_off_and_errors_do_not_leak():
    app = load("step02_debug")
    assert app.debug is False
    response = app.test_client().get("/divide?by=0")
    assert response.status_code == 500
    assert b"ZeroDivisionError" not in response.data


def test_step3_converters():
    client = load("step03_routing").test_client()
    assert client.get("/predictions/7").json == {"id": 7, "type": "int"}
    assert client.get("/predictions/seven").status_code == 404


def test_step4_redirects_permanently_to_the_built_url():
    response = load("step04_url_for").test_client().get("/model/iris")
    assert (response.status_code, response.headers["Location"]) == (301, "/models/iris")


def test_step5_status_codes():
    client = load("step05_methods").test_client()
    created = client.post("/items", json={"name": "a"})
    assert created.status_code == 201 and created.headers["Location"] == "/items/1"
    assert client.put("/items/1", json={"name": "b"}).json == {"id": 1, "name": "b"}
    assert client.put("/items/9", json={"name": "b"}).status_code == 404
    assert client.post("/items", data="x").status_code == 400
    assert client.post("/items", json={"name": 3}).status_code == 422
    assert client.delete("/items/1").status_code == 204
    assert client.patch("/items").status_code == 405


def test_step6_escapes_what_it_renders():
    page = load("step06_templates").test_client().get("/hello/<script>").data.decode()
    assert "&lt;script&gt;" in page and "<script>" not in page


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"features": [5.1, 3.5, 1.4, 0.2]}, 200),
        ({"features": [1, 2]}, 422),
        ({"features": [1, 2, 3, float("nan")]}, 422),
        ({"features": [1, True, 3, 4]}, 422),
    ],
)
def test_step7_validates_before_predicting(body, status):
    client = load("step07_model").test_client()
    assert client.post("/predict", json=body).status_code == status

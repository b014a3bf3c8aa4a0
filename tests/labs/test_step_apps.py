"""Each step's app with Flask's test client: what the README says about it holds."""

import json
import math

import numpy as np
import pytest
from lab_apps import LAB, SOLUTION, load, load_module


def test_step1_answers_hello():
    assert load("step01_hello").app.test_client().get("/").data == b"Hello, API Lab!\n"


def test_step2_debug_is_off_unless_asked_and_errors_do_not_leak():
    app = load("step02_debug").app
    assert app.debug is False
    response = app.test_client().get("/divide?by=0")
    assert response.status_code == 500
    assert b"ZeroDivisionError" not in response.data


def test_step3_converters():
    client = load("step03_routing").app.test_client()
    assert client.get("/predictions/7").json == {"id": 7, "type": "int"}
    assert client.get("/predictions/seven").status_code == 404


def test_step4_redirects_permanently_to_the_built_url():
    response = load("step04_url_for").app.test_client().get("/model/iris")
    assert (response.status_code, response.headers["Location"]) == (301, "/models/iris")


def test_step5_status_codes_and_ids_never_reused():
    client = load("step05_methods").app.test_client()
    created = client.post("/items", json={"name": "a"})
    assert created.status_code == 201 and created.headers["Location"] == "/items/1"
    assert client.put("/items/1", json={"name": "b"}).json == {"id": 1, "name": "b"}
    assert client.put("/items/9", json={"name": "b"}).status_code == 404
    assert client.post("/items", data="x").status_code == 400
    assert client.post("/items", json=[1]).status_code == 400
    assert client.post("/items", json={"name": 3}).status_code == 422
    assert client.delete("/items/1").status_code == 204
    assert client.post("/items", json={"name": "c"}).json["id"] == 2
    assert client.patch("/items").status_code == 405


def test_step6_escapes_what_it_renders():
    page = load("step06_templates").app.test_client().get("/hello/<script>").data.decode()
    assert "&lt;script&gt;" in page and "<script>" not in page


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"features": [5.1, 3.5, 1.4, 0.2]}, 200),
        ({"features": [1, 2]}, 422),
        ({"features": [1, 2, 3, float("nan")]}, 422),
        ({"features": [1, True, 3, 4]}, 422),
        ([5.1, 3.5, 1.4, 0.2], 400),
    ],
)
def test_step7_validates_before_predicting(body, status):
    client = load("step07_model").app.test_client()
    response = client.post("/predictions", json=body)
    assert response.status_code == status
    assert response.content_type == (
        "application/json" if status == 200 else "application/problem+json"
    )


def test_step7_model_json_is_what_train_py_writes_up_to_rounding():
    """Bit-identity holds on one machine only: BLAS kernels differ from one CPU to another."""
    train = load_module(LAB / "step07_model" / "train.py", "lab_train")
    committed = json.loads((LAB / "step07_model" / "model.json").read_text())
    trained = train.parameters()
    assert committed["classes"] == trained["classes"]
    for key in ("mean", "scale", "coef", "intercept"):
        np.testing.assert_allclose(committed[key], trained[key], rtol=1e-6, atol=1e-9)


def test_step7_predicts_what_scikit_learn_predicts_on_every_iris_row():
    from sklearn.datasets import load_iris

    train = load_module(LAB / "step07_model" / "train.py", "lab_train")
    step7 = load("step07_model")
    iris = load_iris()
    pipeline = train.make_pipeline(train.StandardScaler(), train.LogisticRegression(max_iter=1000))
    expected = pipeline.fit(iris.data, iris.target).predict_proba(iris.data)
    ours = np.array([step7.predict_proba(list(row)) for row in iris.data])
    np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-9)


def test_the_solution_ships_the_lab_model():
    assert (SOLUTION / "model.json").read_bytes() == (
        LAB / "step07_model" / "model.json"
    ).read_bytes()


def test_step10_config_defaults_then_environment_then_test_config(monkeypatch):
    create_app = load("step10_factory").create_app
    assert create_app().test_client().get("/settings").json["greeting"] == "Hello"
    monkeypatch.setenv("FLASK_GREETING", "Bonjour")
    assert create_app().test_client().get("/settings").json["greeting"] == "Bonjour"
    tested = create_app({"GREETING": "Hej", "TESTING": True}).test_client().get("/settings").json
    assert tested == {"greeting": "Hej", "page_size": 10, "testing": True}


@pytest.mark.parametrize("step", ["step11_sqlite", "step12_errors"])
def test_steps_11_12_keep_items_across_apps_and_close_each_connection(tmp_path, step):
    create_app = load(step).create_app
    config = {"TESTING": True, "DATABASE": str(tmp_path / "items.sqlite3")}
    first = create_app(config)
    assert first.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    created = first.test_client().post("/items", json={"name": "kept"})
    assert created.status_code == 201 and created.headers["Location"] == "/items/1"
    again = create_app(config)  # as after a restart
    assert again.test_client().get("/items/1").json == {"id": 1, "name": "kept"}
    with again.test_request_context():
        module = load(step)
        connection = module.get_db()
    with pytest.raises(Exception, match="closed"):
        connection.execute("SELECT 1")  # teardown closed it at the end of the request


def test_step12_answers_every_error_in_the_one_shape(tmp_path):
    app = load("step12_errors").create_app({"DATABASE": str(tmp_path / "db.sqlite3")})
    app.test_cli_runner().invoke(args=["init-db"])
    client = app.test_client()
    for method, path, status in [
        ("GET", "/x", 404),
        ("DELETE", "/items", 405),
        ("GET", "/crash", 500),
    ]:
        response = client.open(path, method=method)
        assert (response.status_code, response.content_type) == (status, "application/problem+json")
        assert response.json["status"] == status and response.json["detail"]
        assert "ZeroDivisionError" not in response.text
    assert "GET" in client.delete("/items").headers["Allow"]


def test_scores_are_shown_at_a_precision_stable_across_cpus():
    step7 = load("step07_model")
    score = (
        step7.app.test_client()
        .post("/predictions", json={"features": [5.1, 3.5, 1.4, 0.2]})
        .json["score"]
    )
    assert score == round(score, 3) and math.isclose(score, 0.985)

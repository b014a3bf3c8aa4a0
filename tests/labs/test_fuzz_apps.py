"""Every body, however odd, gets a 4xx from the lab's apps and the solution, never a 500.

As the services' fuzz tests do (tests/reliability), Hypothesis writes the bodies:
any JSON value, objects with the fields the apps read holding any JSON value, and raw
bytes sent as JSON.
"""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lab_apps import load, solution_app

from tests.reliability.fuzzing import fuzz

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)
fields = st.fixed_dictionaries(
    {},
    optional={
        "name": json_values,
        "features": json_values | st.lists(scalars, min_size=4, max_size=4),
        "true_label": json_values | st.sampled_from(["setosa", "rose"]),
    },
)
bodies = (json_values | fields).map(lambda v: json.dumps(v).encode()) | st.binary(max_size=40)
FUZZ = fuzz(150)


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    step11 = load("step11_sqlite").create_app({"DATABASE": str(folder / "11.sqlite3")})
    step12 = load("step12_errors").create_app({"DATABASE": str(folder / "12.sqlite3")})
    for app in (step11, step12):
        app.test_cli_runner().invoke(args=["init-db"])
    solution = solution_app(folder / "solution.sqlite3")
    solution.test_client().post("/predictions", json={"features": [5.1, 3.5, 1.4, 0.2]})
    return {
        "step05 POST /items": (load("step05_methods").app.test_client(), "post", "/items"),
        "step07 POST /predictions": (
            load("step07_model").app.test_client(),
            "post",
            "/predictions",
        ),
        "step11 POST /items": (step11.test_client(), "post", "/items"),
        "step12 POST /items": (step12.test_client(), "post", "/items"),
        "solution POST /predictions": (solution.test_client(), "post", "/predictions"),
        "solution PUT /predictions/1": (solution.test_client(), "put", "/predictions/1"),
    }


@pytest.mark.parametrize(
    "route",
    [
        "step05 POST /items",
        "step07 POST /predictions",
        "step11 POST /items",
        "step12 POST /items",
        "solution POST /predictions",
        "solution PUT /predictions/1",
    ],
)
@FUZZ
@given(body=bodies)
def test_any_body_gets_a_success_or_a_4xx(clients, route, body):
    client, method, path = clients[route]
    response = client.open(path, method=method.upper(), data=body, content_type="application/json")
    assert response.status_code in (200, 201, 400, 422), (body, response.data)
    if response.status_code >= 400:
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == response.status_code

"""The REST contract of docs/architecture.md, identical on Flask and FastAPI: statuses, bodies."""

import pytest

SETOSA = [5.1, 3.5, 1.4, 0.2]
PROBLEM = "application/problem+json"
IRIS = {
    "id": "iris",
    "version": "1.0.0",
    "feature_names": ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"],
    "classes": ["setosa", "versicolor", "virginica"],
    "n_features": 4,
}


def create(api, features=SETOSA, model_id="iris"):
    response = api.post("/predictions", json={"model_id": model_id, "features": features})
    assert response.status_code == 201, response.text
    return response.json()


def assert_problem(response, status, code, instance, errors=None):
    """A problem+json body that names the problem; the whole body where we know it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["instance"] == instance
    assert body["detail"]
    if code:
        assert body["code"] == code
        assert body["type"] == f"/problems/{code}"
    if errors is not None:
        assert body["errors"] == errors
    return body


def test_health_and_readiness(api):
    assert api.get("/healthz").json() == {"status": "ok"}
    assert api.get("/readyz").json() == {"status": "ready", "models": 2}


def test_list_and_describe_models(api):
    assert api.get("/models").json()["models"][1] == IRIS
    assert api.get("/models/iris").json() == IRIS


def test_unknown_model_is_404(api):
    body = assert_problem(api.get("/models/daisy"), 404, "unknown_model", "/models/daisy")
    assert body["detail"] == "unknown model 'daisy'; known models: breast-cancer, iris"


def test_create_returns_201_location_and_the_stored_prediction(api):
    response = api.post("/predictions", json={"model_id": "iris", "features": SETOSA})
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/predictions/{body['id']}"
    assert list(body) == [
        "id",
        "model_id",
        "model_version",
        "features",
        "label",
        "score",
        "created_at",
        "feedback",
    ]
    assert body["model_id"] == "iris" and body["model_version"] == "1.0.0"
    assert body["features"] == SETOSA and body["label"] == "setosa" and body["feedback"] is None
    assert 0.9 < body["score"] <= 1
    assert api.get(response.headers["location"]).json() == body


def test_both_services_predict_the_same_score(flask_rest, fastapi_rest):
    import requests

    payload = {"model_id": "breast-cancer", "features": [float(i) for i in range(1, 31)]}
    a = requests.post(f"{flask_rest.url}/predictions", json=payload, timeout=5).json()
    b = requests.post(f"{fastapi_rest.url}/predictions", json=payload, timeout=5).json()
    assert (a["label"], a["score"]) == (b["label"], b["score"])


def test_put_and_patch_set_feedback(api):
    created = create(api)
    path = f"/predictions/{created['id']}"
    put = api.put(path, json={"feedback": "versicolor"})
    assert put.status_code == 200 and put.json() == created | {"feedback": "versicolor"}
    assert api.patch(path, json={}).json()["feedback"] == "versicolor"  # absent: unchanged
    assert api.patch(path, json={"feedback": None}).json()["feedback"] is None
    assert api.get(path).json() == created


def test_put_requires_the_whole_writable_representation(api):
    created = create(api)
    path = f"/predictions/{created['id']}"
    assert_problem(
        api.put(path, json={}),
        422,
        "invalid_input",
        path,
        [{"field": "feedback", "message": "Field required"}],
    )


def test_feedback_must_be_a_class(api):
    created = create(api)
    path = f"/predictions/{created['id']}"
    body = assert_problem(api.put(path, json={"feedback": "daisy"}), 422, "invalid_input", path)
    assert body["errors"] == [
        {
            "field": "feedback",
            "message": "expected one of setosa, versicolor, virginica, or null, got 'daisy'",
        }
    ]


def test_delete_is_204_then_404(api):
    path = f"/predictions/{create(api)['id']}"
    response = api.delete(path)
    assert response.status_code == 204 and response.content == b""
    assert_problem(api.get(path), 404, "unknown_prediction", path)
    assert_problem(api.delete(path), 404, "unknown_prediction", path)
    assert_problem(api.put(path, json={"feedback": None}), 404, "unknown_prediction", path)


def test_list_pages_through_everything_created(api):
    ids = [create(api, model_id="breast-cancer", features=[1.0] * 30)["id"] for _ in range(5)]
    seen, token = [], None
    while True:
        params = {"model_id": "breast-cancer", "page_size": 2}
        if token:
            params["page_token"] = token
        page = api.get("/predictions", params=params).json()
        assert len(page["predictions"]) <= 2
        seen += [p["id"] for p in page["predictions"]]
        token = page["next_page_token"]
        if token is None:
            break
    assert seen[-5:] == ids


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=0", "page_size"),
        ("page_size=x", "page_size"),
        ("page_token=zz", "page_token"),
        ("pagesize=2", "pagesize"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(api, query, field):
    body = assert_problem(api.get(f"/predictions?{query}"), 422, "invalid_input", "/predictions")
    assert [e["field"] for e in body["errors"]] == [field]


@pytest.mark.parametrize(
    ("features", "errors"),
    [
        (
            [1, 2, 3],
            [
                {
                    "field": "features",
                    "message": "expected 4 features (sepal_length_cm,"
                    " sepal_width_cm, petal_length_cm, petal_width_cm), got 3",
                }
            ],
        ),
        ([1, "x", 3, 4], [{"field": "features[1]", "message": "expected a number, got 'x'"}]),
        ([1, True, 3, 4], [{"field": "features[1]", "message": "expected a number, got True"}]),
        ([1, None, 3, 4], [{"field": "features[1]", "message": "expected a number, got None"}]),
        (
            [1, 2, 3, 1e39],
            [{"field": "features[3]", "message": "1e+39 is out of the float32 range"}],
        ),
        ("1,2,3,4", [{"field": "features", "message": "expected a list, got '1,2,3,4'"}]),
    ],
)
def test_invalid_features_are_422_naming_the_feature(api, features, errors):
    response = api.post("/predictions", json={"model_id": "iris", "features": features})
    assert_problem(response, 422, "invalid_features", "/predictions", errors)


def stored_ids(api) -> list[str]:
    """Every stored prediction's id, all pages followed (the server is shared: it holds many)."""
    ids, token = [], None
    while True:
        query = "/predictions?page_size=1000" + (f"&page_token={token}" if token else "")
        page = api.get(query).json()
        ids += [prediction["id"] for prediction in page["predictions"]]
        token = page["next_page_token"]
        if token is None:
            return ids


def test_nan_literal_is_rejected_and_nothing_is_stored(api):
    before = stored_ids(api)
    response = api.post(
        "/predictions",
        data='{"model_id": "iris", "features": [NaN, 1, 2, 3]}',
        headers={"content-type": "application/json"},
    )
    assert_problem(
        response,
        422,
        "invalid_features",
        "/predictions",
        [{"field": "features[0]", "message": "expected a finite number, got nan"}],
    )
    assert stored_ids(api) == before


def test_missing_and_unknown_fields_are_422(api):
    response = api.post("/predictions", json={"features": SETOSA, "model": "iris"})
    assert_problem(
        response,
        422,
        "invalid_input",
        "/predictions",
        [
            {"field": "model_id", "message": "Field required"},
            {"field": "model", "message": "Extra inputs are not permitted"},
        ],
    )


def test_unknown_model_on_create_is_404(api):
    assert_problem(
        api.post("/predictions", json={"model_id": "daisy", "features": SETOSA}),
        404,
        "unknown_model",
        "/predictions",
    )


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (
            "{",
            "the body is not valid JSON: Expecting property name enclosed in double quotes"
            " at character 1",
        ),
        ("", "the body is empty: expected a JSON object"),
        (b'{"model_id": "\xff"}', "the body is not valid JSON: it is not UTF-8 text"),
    ],
)
def test_undecodable_body_is_400(api, data, detail):
    response = api.post("/predictions", data=data, headers={"content-type": "application/json"})
    assert assert_problem(response, 400, "malformed_payload", "/predictions")["detail"] == detail


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_body_is_415(api, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = api.post("/predictions", data=b'{"model_id": "iris"}', headers=headers)
    body = assert_problem(response, 415, "unsupported_media_type", "/predictions")
    assert "application/json" in body["detail"]


@pytest.mark.parametrize("path", ["/healthz", "/predictions/unknown-id"])
def test_every_response_reports_the_handler_time_in_server_timing(api, path):
    """Client latency minus this is the protocol's cost (the benchmark uses it)."""
    response = api.get(path)
    name, duration = response.headers["server-timing"].split(";dur=")
    assert name == "app" and 0 < float(duration) < 1000


def test_body_over_the_limit_is_413(api):
    response = api.post("/predictions", json={"model_id": "iris", "features": [1.5] * 2000})
    body = assert_problem(response, 413, "payload_too_large", "/predictions")
    assert body["detail"] == "the body is larger than the limit of 4096 bytes"


def test_chunked_body_over_the_limit_is_413(api):
    """No Content-Length: the limit is enforced while the body streams in."""
    chunks = (b'{"model_id": "iris", "features": [' + b"1.5, " * 500 for _ in range(2))
    response = api.post("/predictions", data=chunks, headers={"content-type": "application/json"})
    assert_problem(response, 413, "payload_too_large", "/predictions")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/predictions", {"GET", "POST"}),
        ("post", "/models", {"GET"}),
        ("post", "/predictions/x", {"GET", "PUT", "PATCH", "DELETE"}),
    ],
)
def test_wrong_method_is_405_with_allow(api, method, path, allowed):
    response = getattr(api, method)(path)
    assert_problem(response, 405, None, path)
    assert allowed <= set(response.headers["allow"].split(", "))
    assert "DELETE" in allowed or "DELETE" not in response.headers["allow"]


def test_unknown_path_is_404_problem(api):
    body = assert_problem(api.get("/no-such-thing"), 404, None, "/no-such-thing")
    assert body["type"] == "about:blank" and body["title"] == "Not Found"


def test_batch_predicts_every_row_in_order(api):
    rows = [SETOSA, [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]]
    response = api.post("/batch-predictions?model_id=iris", json={"rows": rows})
    assert response.status_code == 200
    body = response.json()
    assert body["model_id"] == "iris"
    assert [p["label"] for p in body["predictions"]] == ["setosa", "versicolor", "virginica"]
    single = create(api)
    # one row or three: numpy may take another BLAS kernel, whose rounding differs in the last bits
    assert body["predictions"][0]["score"] == pytest.approx(single["score"], rel=1e-12)


def test_batch_errors_name_row_and_column(api):
    response = api.post("/batch-predictions?model_id=iris", json={"rows": [SETOSA, [1, 2, "x", 4]]})
    assert_problem(
        response,
        422,
        "invalid_features",
        "/batch-predictions",
        [{"field": "rows[1][2]", "message": "expected a number, got 'x'"}],
    )


def test_batch_requires_a_model_id(api):
    response = api.post("/batch-predictions", json={"rows": [SETOSA]})
    assert_problem(
        response,
        422,
        "invalid_input",
        "/batch-predictions",
        [{"field": "model_id", "message": "Field required"}],
    )

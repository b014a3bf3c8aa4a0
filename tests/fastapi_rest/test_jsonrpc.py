"""JSON-RPC 2.0 beside REST: the spec's cases, against the real FastAPI process."""

import pytest
import requests

SETOSA = [5.1, 3.5, 1.4, 0.2]


@pytest.fixture
def rpc(fastapi_rest):
    def post(payload, raw: bytes | None = None):
        url = f"{fastapi_rest.url}/jsonrpc"
        if raw is not None:
            return requests.post(
                url, data=raw, headers={"content-type": "application/json"}, timeout=5
            )
        return requests.post(url, json=payload, timeout=5)

    return post


def test_predict_by_name_and_get_it_back_by_position(rpc):
    created = rpc(
        {
            "jsonrpc": "2.0",
            "method": "predict",
            "id": 1,
            "params": {"model_id": "iris", "features": SETOSA},
        }
    )
    assert created.status_code == 200
    prediction = created.json()["result"]
    assert prediction["label"] == "setosa"
    fetched = rpc(
        {"jsonrpc": "2.0", "method": "getPrediction", "params": [prediction["id"]], "id": 2}
    )
    assert fetched.json() == {"jsonrpc": "2.0", "result": prediction, "id": 2}


def test_the_same_predictions_as_rest(rpc, fastapi_rest):
    rows = [SETOSA, [6.3, 3.3, 6.0, 2.5]]
    answer = rpc(
        {
            "jsonrpc": "2.0",
            "method": "predictBatch",
            "id": "b",
            "params": {"model_id": "iris", "rows": rows},
        }
    ).json()["result"]
    rest = requests.post(
        f"{fastapi_rest.url}/batch-predictions?model_id=iris", json={"rows": rows}, timeout=5
    ).json()
    assert answer == rest


@pytest.mark.parametrize(
    ("payload", "raw", "code"),
    [
        (None, b'{"jsonrpc": "2.0", "method": "listModels"', -32700),
        ({"jsonrpc": "1.0", "method": "listModels", "id": 1}, None, -32600),
        ([], None, -32600),
        ({"jsonrpc": "2.0", "method": "fly", "id": 1}, None, -32601),
        (
            {"jsonrpc": "2.0", "method": "getModel", "params": {"model": "iris"}, "id": 1},
            None,
            -32602,
        ),
    ],
)
def test_standard_error_codes(rpc, payload, raw, code):
    response = rpc(payload, raw)
    assert response.status_code == 200
    assert response.json()["error"]["code"] == code


def test_domain_errors_travel_in_data(rpc):
    bad = rpc(
        {
            "jsonrpc": "2.0",
            "method": "predict",
            "id": 7,
            "params": {"model_id": "iris", "features": [1, "x", 2, 3]},
        }
    ).json()
    assert bad["error"]["code"] == -32602
    assert bad["error"]["data"]["code"] == "invalid_features"
    assert bad["error"]["data"]["errors"] == [
        {"field": "features[1]", "message": "expected a number, got 'x'"}
    ]
    missing = rpc({"jsonrpc": "2.0", "method": "getModel", "params": ["daisy"], "id": 8}).json()
    assert missing["error"]["code"] == -32004
    assert missing["error"]["data"]["code"] == "unknown_model"


def test_notifications_get_no_answer(rpc):
    response = rpc({"jsonrpc": "2.0", "method": "listModels"})
    assert response.status_code == 204 and response.content == b""


def test_a_batch_mixing_valid_invalid_and_notification_calls(rpc):
    response = rpc(
        [
            {"jsonrpc": "2.0", "method": "getModel", "params": ["iris"], "id": "a"},
            {"jsonrpc": "2.0", "method": "nope", "id": "b"},
            {"jsonrpc": "2.0", "method": "listModels"},
            42,
        ]
    )
    answers = response.json()
    assert [a.get("id") for a in answers] == ["a", "b", None]
    assert answers[0]["result"]["id"] == "iris"
    assert answers[1]["error"]["code"] == -32601
    assert answers[2]["error"]["code"] == -32600


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page_size": 0}, "page_size"), ({"page_size": "ten"}, "page_size")],
)
def test_list_predictions_params_are_checked_like_the_rest_query(rpc, params, field):
    answer = rpc({"jsonrpc": "2.0", "method": "listPredictions", "params": params, "id": 1}).json()
    assert answer["error"]["code"] == -32602
    assert [v["field"] for v in answer["error"]["data"]["errors"]] == [field]


def test_wrong_params_are_named_without_the_servers_internals(rpc):
    answer = rpc({"jsonrpc": "2.0", "method": "predict", "params": {"model_id": "iris"}, "id": 1})
    assert answer.json()["error"] == {
        "code": -32602,
        "message": "Invalid params",
        "data": {"message": "missing a required argument: 'features'"},
    }

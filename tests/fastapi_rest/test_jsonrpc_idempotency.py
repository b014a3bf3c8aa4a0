"""JSON-RPC's predict takes the REST Idempotency-Key as a param: a retried call stores once."""

import uuid

import requests


def predict(url: str, features: list[float], key) -> dict:
    params = {"model_id": "iris", "features": features, "idempotency_key": key}
    payload = {"jsonrpc": "2.0", "method": "predict", "params": params, "id": 1}
    return requests.post(f"{url}/jsonrpc", json=payload, timeout=5).json()


def test_a_retried_call_with_the_key_answers_the_same_prediction(fastapi_rest):
    key = str(uuid.uuid4())
    first = predict(fastapi_rest.url, [5.0, 3.4, 1.5, 0.2], key)["result"]
    assert predict(fastapi_rest.url, [5.0, 3.4, 1.5, 0.2], key)["result"] == first


def test_the_key_is_shared_with_rest_and_a_reuse_is_invalid_params(fastapi_rest):
    key = str(uuid.uuid4())
    row = {"model_id": "iris", "features": [6.0, 2.9, 4.5, 1.5]}
    rest = requests.post(
        f"{fastapi_rest.url}/predictions", json=row, headers={"idempotency-key": key}, timeout=5
    )
    assert predict(fastapi_rest.url, row["features"], key)["result"] == rest.json()
    reused = predict(fastapi_rest.url, [7.0, 3.0, 6.0, 2.0], key)["error"]
    assert (reused["code"], reused["data"]["code"]) == (-32602, "idempotency_key_reused")
    bad = predict(fastapi_rest.url, [7.0, 3.0, 6.0, 2.0], 42)["error"]
    assert bad["data"]["errors"][0]["field"] == "idempotency_key"

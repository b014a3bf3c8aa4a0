"""The frameworks' floor apps answer the services' two routes, and the ladder's rungs."""

import pytest
import requests

from services.common.launch import launch
from services.domain import PredictionStore


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
def test_a_plain_app_predicts_with_the_services_model_and_answers_201(framework):
    with launch("benchmarks.plain_apps", args=[framework], ready_path="/healthz") as app:
        assert requests.get(f"{app.url}/healthz", timeout=10).json() == {"status": "ok"}
        body = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}  # wrk_predict.lua's
        answer = requests.post(f"{app.url}/predictions", json=body, timeout=10)
    assert answer.status_code == 201
    assert answer.json()["label"] == "setosa" and 0.9 < answer.json()["score"] <= 1


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
def test_the_ladders_rungs_answer_our_record_and_the_last_one_stores_it(framework):
    with launch("benchmarks.plain_apps", args=[framework], ready_path="/healthz") as app:
        body = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
        domain = requests.post(f"{app.url}/ladder/domain", json=body, timeout=10)
        stored = requests.post(f"{app.url}/ladder/store", json=body, timeout=10)
        bad = requests.post(f"{app.url}/ladder/domain", json={**body, "features": [1]}, timeout=10)
        rows = PredictionStore(app.env["APILAB_DB_PATH"]).count()
    assert (domain.status_code, stored.status_code) == (201, 201)
    assert domain.json()["label"] == stored.json()["label"] == "setosa"
    assert domain.json()["id"] != stored.json()["id"] and stored.json()["feedback"] is None
    assert rows == 1  # the store rung's row, not the domain rung's
    assert bad.status_code >= 400  # our validation runs (the plain apps map no errors)

"""The frameworks' floor apps answer the services' two routes, as the services do."""

import pytest
import requests

from services.common.launch import launch


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
def test_a_plain_app_predicts_with_the_services_model_and_answers_201(framework):
    with launch("benchmarks.plain_apps", args=[framework], ready_path="/healthz") as app:
        assert requests.get(f"{app.url}/healthz", timeout=10).json() == {"status": "ok"}
        body = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}  # wrk_predict.lua's
        answer = requests.post(f"{app.url}/predictions", json=body, timeout=10)
    assert answer.status_code == 201
    assert answer.json()["label"] == "setosa" and 0.9 < answer.json()["score"] <= 1

"""Locust users, one class per scenario; ``benchmarks/run.py`` picks them by name.

Run one by hand against a running service:
    locust -f benchmarks/locustfile.py --headless -u 8 -t 20s \
        --host http://127.0.0.1:8000 RestCreatePrediction
"""

from __future__ import annotations

import random

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

from benchmarks.payloads import dataset_rows

ROWS = dataset_rows("iris")


class RestCreatePrediction(FastHttpUser):
    """POST /predictions with a real iris row: predict, store, answer 201."""

    wait_time = constant(0)  # closed loop: each user sends its next request at once

    def on_start(self) -> None:
        self.rng = random.Random(id(self))

    @task
    def create_prediction(self) -> None:
        row = ROWS[self.rng.randrange(len(ROWS))]
        with self.client.post(
            "/predictions", json={"model_id": "iris", "features": row}, catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"expected 201, got {response.status_code}")


from benchmarks.protocol_users import GrpcPredict, WebSocketPredict  # noqa: E402

__all__ = ["GrpcPredict", "RestCreatePrediction", "WebSocketPredict"]

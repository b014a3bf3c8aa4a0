"""The idempotency table: one row per key even when retries race, keys expire after a day."""

import threading
import time

import pytest

from services.domain import PredictionService, PredictionStore
from services.domain.errors import IdempotencyKeyReused
from services.domain.idempotency import TTL_SECONDS, create_prediction_once
from services.domain.models import load_models

FEATURES = [5.1, 3.5, 1.4, 0.2]


class SlowModel:
    """The real iris model, slowed so that two racing requests overlap inside the write."""

    def __init__(self, model):
        self.model = model

    def __getattr__(self, name):
        return getattr(self.model, name)

    def predict(self, rows):
        time.sleep(0.2)  # widens the window between "key not found" and "row stored"
        return self.model.predict(rows)


@pytest.fixture
def slow_service(tmp_path):
    store = PredictionStore(tmp_path / "db.sqlite3")
    return PredictionService(store, models={"iris": SlowModel(load_models()["iris"])})


def test_racing_retries_through_two_stores_of_one_file_store_one_row(slow_service, tmp_path):
    # a second store on the same file: what a second service process would open
    other = PredictionService(PredictionStore(tmp_path / "db.sqlite3"), slow_service.models)
    results, barrier = [], threading.Barrier(4)

    def retry(service):
        barrier.wait()
        results.append(create_prediction_once(service, "k1", "iris", FEATURES))

    threads = [threading.Thread(target=retry, args=(s,)) for s in [slow_service, other] * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({prediction["id"] for prediction, _ in results}) == 1
    assert sorted(replayed for _, replayed in results) == [False, True, True, True]
    assert slow_service.store.count() == 1


def test_a_key_expires_after_the_stated_time(service):
    first, _ = create_prediction_once(service, "k2", "iris", FEATURES, now=1000.0)
    same, replayed = create_prediction_once(service, "k2", "iris", FEATURES, now=1000.0 + 60)
    assert (same["id"], replayed) == (first["id"], True)
    with pytest.raises(IdempotencyKeyReused):
        create_prediction_once(service, "k2", "iris", [6.0, 3.0, 5.0, 2.0], now=1000.0 + 60)
    later, replayed = create_prediction_once(
        service, "k2", "iris", [6.0, 3.0, 5.0, 2.0], now=1000.0 + TTL_SECONDS + 1
    )
    assert (replayed, later["id"] != first["id"]) == (False, True)
    assert service.store.count() == 2

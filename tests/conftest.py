"""Fixtures shared by every test: real services on free loopback ports."""

from __future__ import annotations

import pytest

from services.common.launch import launch
from services.domain import PredictionService, PredictionStore


@pytest.fixture
def store(tmp_path) -> PredictionStore:
    return PredictionStore(tmp_path / "predictions.sqlite3")


@pytest.fixture
def service(store) -> PredictionService:
    return PredictionService(store, max_batch_rows=1000)


@pytest.fixture(scope="session")
def flask_rest():
    with launch("flask_rest", env={"APILAB_MAX_BODY_BYTES": "4096"}) as running:
        yield running


@pytest.fixture(scope="session")
def fastapi_rest():
    with launch("fastapi_rest", env={"APILAB_MAX_BODY_BYTES": "4096"}) as running:
        yield running

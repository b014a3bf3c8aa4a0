"""Fixtures shared by every test: real services on free loopback ports.

Waiting helpers (``eventually``, ``scaled``) are in ``waits.py``, next to this file.
"""

from __future__ import annotations

import pytest
import pytest_timeout
from waits import SLOWDOWN, scaled

from services.common.launch import launch
from services.domain import PredictionService, PredictionStore


def pytest_report_header(config) -> str:
    return f"time limits x{SLOWDOWN:.1f} (APILAB_TEST_SLOWDOWN, else load per core; see waits.py)"


def pytest_collection_modifyitems(config, items) -> None:
    """pytest-timeout's limit (the ini's 300 s, a marker's, --timeout), scaled by SLOWDOWN:
    the whole notebook run takes minutes on a busy machine and is not hung."""
    default = pytest_timeout.get_env_settings(config).timeout
    for item in items:
        marker = item.get_closest_marker("timeout")
        limit = default
        if marker:
            limit = marker.kwargs.get("timeout", marker.args[0] if marker.args else default)
        if limit:  # 0 or None: no limit, left alone
            item.add_marker(pytest.mark.timeout(scaled(limit)), append=False)  # closest wins


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

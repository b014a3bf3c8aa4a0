"""SIGTERM drains and exits 0 on both REST services."""

import pytest

from services.common.launch import start


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_sigterm_exits_zero(name):
    service = start(name)
    assert service.stop() == 0, service.log()

"""services.common.notebook: services start together, and none outlives a failed start."""

import pytest
import requests

from services.common import notebook


def test_start_all_gives_ready_services_and_stop_all_stops_them_cleanly():
    flask, fastapi = notebook.start_all("flask_rest", "fastapi_rest")
    try:
        assert [s.name for s in notebook.RUNNING] == ["flask_rest", "fastapi_rest"]
        for service in (flask, fastapi):
            assert requests.get(f"{service.url}/readyz", timeout=5).status_code == 200
    finally:
        notebook.stop_all()
    assert notebook.RUNNING == []
    assert flask.process.returncode == 0 and fastapi.process.returncode == 0


def test_when_one_service_fails_to_start_the_others_are_stopped(monkeypatch):
    real_launch, launched = notebook.launch_service, []

    def observed(name, **kwargs):  # the real launcher, watched
        service = real_launch(name, **kwargs)
        launched.append(service)
        return service

    monkeypatch.setattr(notebook, "launch_service", observed)
    with pytest.raises(RuntimeError, match="exited early"):
        notebook.start_all("flask_rest", "no_such_service")
    assert notebook.RUNNING == []
    assert [s.name for s in launched] == ["flask_rest"]
    assert launched[0].process.poll() is not None  # stopped, not left running

"""Safe by default: every service binds to loopback and no debug mode is ever switched on.

A service reachable from the network must be asked for (``--host 0.0.0.0``, as the
container images do); a debugger or auto-reloader must never run in a served process.
These tests read the settings and entry points without starting a server; the processes
themselves are checked in test_security_running.py.
"""

import importlib
import os

import pytest
import uvicorn
from flask import Flask

from services.common import asgi_server
from services.common.cli import parse_settings
from services.fastapi_rest.settings import FastAPISettings
from services.flask_rest import create_app as create_flask_app
from services.flask_rest.__main__ import Gunicorn
from services.flask_rest.__main__ import main as flask_main
from services.flask_rest.settings import FlaskSettings
from services.gateway.settings import GatewaySettings
from services.grpc_service.settings import GrpcSettings
from services.sse_service.settings import SSESettings
from services.websocket_service.settings import WebSocketSettings

SETTINGS = {
    "flask_rest": FlaskSettings,
    "fastapi_rest": FastAPISettings,
    "grpc_service": GrpcSettings,
    "websocket_service": WebSocketSettings,
    "sse_service": SSESettings,
    "gateway": GatewaySettings,
}
ASGI_SERVICES = ["fastapi_rest", "sse_service", "gateway"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No APILAB_* or FLASK_* variable from the caller's shell leaks into the defaults."""
    for name in list(os.environ):
        if name.startswith(("APILAB_", "FLASK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("APILAB_DB_PATH", str(tmp_path / "predictions.sqlite3"))


@pytest.mark.parametrize("name", SETTINGS)
def test_the_default_bind_address_is_loopback(name):
    assert SETTINGS[name]().host == "127.0.0.1"
    assert parse_settings(SETTINGS[name], name, argv=[]).host == "127.0.0.1"  # no --host


def test_flask_debug_stays_off_even_if_the_environment_asks_for_it(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # Flask reads this when an app is created
    assert create_flask_app().debug is False


def test_gunicorn_runs_without_reload_and_without_debug_logging():
    config = Gunicorn(FlaskSettings()).cfg
    assert config.reload is False
    assert config.loglevel == "info"


def test_the_flask_development_server_runs_without_the_debugger(monkeypatch):
    runs = []
    monkeypatch.setattr(Flask, "run", lambda app, **options: runs.append((app, options)))
    monkeypatch.setenv("APILAB_DEV_SERVER", "1")
    flask_main(["--port", "0"])
    ((app, options),) = runs
    assert options["debug"] is False and app.debug is False


@pytest.mark.parametrize("name", ASGI_SERVICES)
def test_asgi_services_run_without_debug_or_reload(name, monkeypatch):
    entry_point = importlib.import_module(f"services.{name}.__main__")
    served = []
    monkeypatch.setattr(entry_point, "serve", lambda app, *args, **kwargs: served.append(app))
    if name == "gateway":  # its log set-up is global: keep it out of the test process
        monkeypatch.setattr(entry_point, "log_json_lines", lambda: None)
    entry_point.main(["--port", "0"])
    (app,) = served
    assert app.debug is False


def test_uvicorn_is_started_without_reload_workers_or_debug_logging(monkeypatch):
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    monkeypatch.setattr(asgi_server.signal, "signal", lambda *args: None)  # not in pytest
    asgi_server.serve(object(), FastAPISettings())
    (options,) = calls
    assert options["host"] == "127.0.0.1"
    assert not options.get("reload") and options.get("workers") in (None, 1)
    assert options["log_level"] == "info"

"""Serve the Flask app under gunicorn (threads), or Werkzeug's dev server for the lab.

Usage: ``python -m services.flask_rest --host 127.0.0.1 --port 5000``
(``APILAB_DEV_SERVER=1`` for the development server; never in production).
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from services.common.cli import parse_settings

from . import create_app
from .settings import FlaskSettings
from .worker import worker_class


class Gunicorn(BaseApplication):
    """gunicorn driven from Python, so the entry point is the same ``python -m``."""

    def __init__(self, settings: FlaskSettings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        self.cfg.set("bind", f"{s.host}:{s.port}")
        self.cfg.set("workers", 1)  # one process: the SQLite store and the model live here
        self.cfg.set("worker_class", worker_class(s.request_timeout))  # see worker.py
        self.cfg.set("threads", s.threads)
        self.cfg.set("graceful_timeout", round(s.grace_seconds))  # SIGTERM: finish in-flight work
        self.cfg.set("keepalive", 5)
        self.cfg.set("loglevel", s.log_level)
        self.cfg.set("control_socket_disable", True)  # a fixed path in $HOME; clashes in tests

    def load(self):
        return create_app()


def main(argv=None) -> None:
    settings = parse_settings(FlaskSettings, "REST over Flask", argv)
    if settings.dev_server:
        create_app().run(host=settings.host, port=settings.port, debug=False)
    else:
        Gunicorn(settings).run()


if __name__ == "__main__":
    main()

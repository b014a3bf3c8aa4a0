"""The command line every service shares: ``python -m services.<name> --host H --port P``."""

from __future__ import annotations

import argparse
import logging
from typing import TypeVar

from .settings import ServiceSettings, load_settings

Settings = TypeVar("Settings", bound=ServiceSettings)


def parse_settings(settings_class: type[Settings], description: str, argv=None) -> Settings:
    """Environment first (``APILAB_*``), then the flags given on the command line."""
    settings = load_settings(settings_class)  # a bad variable: one line, exit status 1
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default=settings.host, help="bind address (default %(default)s)")
    parser.add_argument("--port", type=int, default=settings.port, help="(default %(default)s)")
    args = parser.parse_args(argv)
    settings = settings.model_copy(update={"host": args.host, "port": args.port})
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    return settings

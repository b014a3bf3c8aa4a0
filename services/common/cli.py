"""The command line every service shares: ``python -m services.<name> --host H --port P``."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TypeVar

from pydantic import ValidationError

from .settings import ServiceSettings

Settings = TypeVar("Settings", bound=ServiceSettings)


def parse_settings(settings_class: type[Settings], description: str, argv=None) -> Settings:
    """Environment first (``APILAB_*``), then the flags given on the command line."""
    try:
        settings = settings_class()
    except ValidationError as error:  # refuse to start: one line per bad setting, no traceback
        for problem in error.errors():
            name = "APILAB_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(f"{name}: {problem['msg']}", file=sys.stderr)
        raise SystemExit(2) from None
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default=settings.host, help="bind address (default %(default)s)")
    parser.add_argument("--port", type=int, default=settings.port, help="(default %(default)s)")
    args = parser.parse_args(argv)
    settings = settings.model_copy(update={"host": args.host, "port": args.port})
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    return settings

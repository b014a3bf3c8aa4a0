"""Settings read from ``APILAB_*`` environment variables, with safe defaults.

Each service subclasses ``ServiceSettings`` and sets its own default port; the command
line (``--host``, ``--port``) overrides the environment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BeforeValidator, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

MiB = 1024 * 1024


def _comma_or_json(value):
    """``a,b`` (as people type it) or ``["a", "b"]`` (JSON, as pydantic-settings wants it)."""
    if not isinstance(value, str):
        return value
    if value.lstrip().startswith("["):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f"starts with '[' but is not a JSON list ({error})") from None
    return [item.strip() for item in value.split(",") if item.strip()]


# a list-valued setting: APILAB_X=a,b or APILAB_X='["a","b"]'; empty means []
CommaList = Annotated[list[str], NoDecode, BeforeValidator(_comma_or_json)]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APILAB_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 0
    db_path: Path = Path("var/apilab.sqlite3")
    db_busy_timeout: float = 10.0  # seconds a write waits for another writer's lock, then 503
    max_body_bytes: int = 16 * MiB
    max_batch_rows: int = 100_000
    max_tokens: int = 512
    log_level: str = "info"
    grace_seconds: float = 10.0
    warmup_seconds: float = 0.0  # /readyz is 503 this long after start (common/warmup.py)
    # a client gets this long to send a whole request, and each answer (or stream event)
    # this long to drain: slow or stalled clients are disconnected, not waited for
    request_timeout: float = 30.0
    # APILAB_REQUIRE_IF_MATCH=1: PUT/PATCH without If-Match get 428 (conditional.py)
    require_if_match: bool = False
    max_streams_per_client: int = 8  # streams open at once: per address, key or connection
    # APILAB_API_KEYS=key1,key2 turns on API-key checks; empty (the default) means open.
    api_keys: CommaList = []


Settings = TypeVar("Settings", bound=ServiceSettings)


def load_settings(settings_class: type[Settings]) -> Settings:
    """The settings, or SystemExit with one line naming each bad variable (no traceback).

    The values themselves are never echoed: a variable may hold a secret.
    """
    prefix = settings_class.model_config["env_prefix"]
    try:
        return settings_class()
    except ValidationError as error:
        problems = []
        for each in error.errors():
            field, *inside = (str(part) for part in each["loc"])
            if field.endswith("_keys") and inside:  # the dict's keys are API keys: secrets
                inside[0] = "<key>"
            where = f" at {'.'.join(inside)}" if inside else ""
            problems.append(f"{prefix}{field.upper()}{where}: {each['msg']}")
        raise SystemExit("bad setting: " + "; ".join(problems)) from None
    except SettingsError as error:  # pydantic-settings could not decode a JSON value
        field = str(error).split('"')[1] if '"' in str(error) else "?"
        cause = f" ({error.__cause__})" if error.__cause__ else ""
        raise SystemExit(f"bad setting: {prefix}{field.upper()}: not valid JSON{cause}") from None

"""Settings read from ``APILAB_*`` environment variables, with safe defaults.

Each service subclasses ``ServiceSettings`` and sets its own default port; the command
line (``--host``, ``--port``) overrides the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MiB = 1024 * 1024


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
    # a client gets this long to send a whole request, and each answer (or stream event)
    # this long to drain: slow or stalled clients are disconnected, not waited for
    request_timeout: float = 30.0
    max_streams_per_client: int = 8  # streams open at once: per address, key or connection
    # APILAB_API_KEYS=key1,key2 turns on API-key checks; empty (the default) means open.
    api_keys: Annotated[list[str], NoDecode] = []

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value):
        if isinstance(value, str):
            return [key.strip() for key in value.split(",") if key.strip()]
        return value

"""Settings of the FastAPI service (``APILAB_*`` environment variables)."""

import secrets

from pydantic import BaseModel, Field

from services.common.ports import PORTS
from services.common.settings import ServiceSettings


class User(BaseModel):
    """One account of the OAuth 2.0 password flow (see auth.py for making the hash)."""

    password_hash: str
    scopes: list[str] = []


class FastAPISettings(ServiceSettings):
    port: int = PORTS["fastapi_rest"]
    access_log: bool = False  # off by default, as gunicorn's: a log line per request costs
    # APILAB_AUTH_USERS='{"alice": {"password_hash": "scrypt$...", "scopes": [...]}}' turns
    # on POST /token and bearer tokens; empty (the default) leaves the API open.
    auth_users: dict[str, User] = {}
    # random by default: tokens stop working when the process restarts
    jwt_secret: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    jwt_minutes: int = 15

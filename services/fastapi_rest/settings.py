"""Settings of the FastAPI service (``APILAB_*`` environment variables)."""

import secrets

from pydantic import BaseModel, Field, field_validator

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

    @field_validator("jwt_secret")
    @classmethod
    def _secret_not_empty(cls, value: str) -> str:
        # HS256 with an empty key signs tokens anyone can forge; PyJWT then refuses to sign
        if len(value.strip()) < 16:
            raise ValueError("set at least 16 random characters, or unset it for a random one")
        return value

"""Settings of the gateway (``APILAB_GATEWAY_*`` and the shared ``APILAB_*`` variables)."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import NoDecode

from services.common.ports import PORTS
from services.common.settings import ServiceSettings

DEMO_KEY = "sk-apilab-demo"  # documented, so only ever accepted on a loopback address

# Prompts that must never reach a model: secrets pasted by mistake, card numbers.
DEFAULT_GUARDRAILS = {
    "secret-key": r"\bsk-[A-Za-z0-9_-]{16,}",
    "card-number": r"\b(?:\d[ -]?){13,16}\b",
}


class KeyPolicy(BaseModel):
    """What one API key may do: which models, how often, how many tokens a day."""

    name: str | None = None  # shown in logs instead of a hash of the key
    models: list[str] | str = "*"
    requests_per_minute: int = Field(60, ge=1)
    tokens_per_day: int = Field(100_000, ge=1)

    def allows(self, model: str) -> bool:
        return self.models == "*" or model in self.models


class GatewaySettings(ServiceSettings):
    port: int = PORTS["gateway"]
    # APILAB_GATEWAY_KEYS='{"sk-team-a": {"models": ["apilab-markov"], "requests_per_minute": 5}}'
    gateway_keys: Annotated[dict[str, KeyPolicy], NoDecode] = {}
    gateway_rest_url: str = f"http://127.0.0.1:{PORTS['fastapi_rest']}"  # answers iris-classifier
    gateway_rest_api_key: str = ""  # the gateway's own key for that service (secret store)
    gateway_backend_timeout: float = 10.0
    gateway_cache: bool = True
    gateway_cache_size: int = Field(1024, ge=1)
    # JSON object rule name -> regular expression; a match in any message is refused (400)
    gateway_guardrails: dict[str, str] = DEFAULT_GUARDRAILS
    gateway_token_delay: float = 0.0  # seconds before each streamed token (imitate an LLM)
    gateway_default_max_tokens: int = 64

    @field_validator("gateway_keys", mode="before")
    @classmethod
    def _keys_from_json(cls, value):
        if isinstance(value, str):  # unset or empty: no keys (then the demo-key rule applies)
            return json.loads(value) if value.strip() else {}
        return value

"""Settings of the gateway (``APILAB_GATEWAY_*`` and the shared ``APILAB_*`` variables)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import NoDecode

from services.common.ports import PORTS
from services.common.settings import MiB, ServiceSettings

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
    # spend limit in US dollars per period (prices: APILAB_GATEWAY_PRICES); None: no budget
    budget_usd: float | None = Field(None, ge=0)
    budget_period: Literal["hour", "day", "month"] = "day"
    # throttling: requests beyond this pace wait in a queue (up to max_queue_seconds) instead
    # of being refused; None: no pacing (the rate limit alone refuses)
    throttle_per_second: float | None = Field(None, gt=0)
    max_queue_seconds: float = Field(10.0, ge=0)

    def allows(self, model: str) -> bool:
        return self.models == "*" or model in self.models


class Price(BaseModel):
    """US dollars per million tokens, as vendors publish them."""

    input: float = Field(0.0, ge=0)
    output: float = Field(0.0, ge=0)


DEFAULT_PRICES = {
    "apilab-markov": Price(input=0.50, output=1.50),
    "iris-classifier": Price(input=0.10, output=0.10),
    "breast-cancer-classifier": Price(input=0.10, output=0.10),
    "apilab-hash-embedding": Price(input=0.02),
}
# Output rules: name -> {"pattern": regex, "action": "redact" | "cut"}
DEFAULT_OUTPUT_GUARDRAILS = {
    "secret-key": {"pattern": r"\bsk-[A-Za-z0-9_-]{16,}", "action": "redact"},
}


class OutputRule(BaseModel):
    pattern: str
    action: Literal["redact", "cut"] = "redact"


class GatewaySettings(ServiceSettings):
    port: int = PORTS["gateway"]
    # The OpenAI API takes at most 300,000 tokens in one embeddings request: about 2 MiB as
    # token ids. The body is parsed on the event loop before any check can refuse it, so a
    # 16 MiB body held every other client for ~0.4 s, even from a caller without a key.
    max_body_bytes: int = 4 * MiB
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
    # model id -> deployment URLs (http(s):// the REST service, grpc:// the gRPC service);
    # unset models of the REST service use APILAB_GATEWAY_REST_URL
    gateway_deployments: dict[str, list[str]] = {}
    gateway_fallbacks: dict[str, str] = {}  # model id -> model tried when it fails
    gateway_fallback_statuses: list[int] = [429, 500, 502, 503, 504]
    gateway_retries: int = Field(2, ge=0)  # further deployments tried after a failure
    gateway_retry_backoff: float = Field(0.05, ge=0)  # seconds, doubled per retry
    gateway_cooldown_failures: int = Field(2, ge=1)  # failures in a row before a cool-down
    gateway_cooldown_seconds: float = Field(30.0, ge=0)
    gateway_prices: dict[str, Price] = DEFAULT_PRICES
    gateway_output_guardrails: dict[str, OutputRule] = DEFAULT_OUTPUT_GUARDRAILS
    gateway_max_embedding_inputs: int = Field(2048, ge=1)  # the OpenAI API's limit
    gateway_max_embedding_floats: int = Field(1 << 20, ge=1)  # inputs x dimensions per answer
    # counters and the cache; share the file to share them between gateway processes.
    # Unset: gateway-state.sqlite3 next to APILAB_DB_PATH
    gateway_state_path: Path | None = None

    def state_path(self) -> Path:
        return self.gateway_state_path or self.db_path.with_name("gateway-state.sqlite3")

    @field_validator("gateway_keys", mode="before")
    @classmethod
    def _keys_from_json(cls, value):
        if isinstance(value, str):  # unset or empty: no keys (then the demo-key rule applies)
            return json.loads(value) if value.strip() else {}
        return value

"""Who is calling and what they may do: API keys, allowed models, rate limits, token quotas.

The lecture's "identity layer" and "cost control" in one place. Keys arrive the way the
OpenAI SDK sends them (``Authorization: Bearer <key>``) and are compared in constant time.
Counters live in memory: one gateway process; a fleet would keep them in Redis.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from services.common import api_keys
from services.wire.errors import PermissionDenied, RateLimited, Unauthenticated

from .settings import DEMO_KEY, GatewaySettings, KeyPolicy

CHALLENGE = 'Bearer realm="apilab-gateway"'
DAY = 86_400


class QuotaExceeded(RateLimited):
    code = "insufficient_quota"  # OpenAI's code when the budget, not the pace, is the limit


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def configured_keys(settings: GatewaySettings) -> dict[str, KeyPolicy]:
    """The keys in force; the public demo key only when none are set and only on loopback."""
    if settings.gateway_keys:
        return dict(settings.gateway_keys)
    if not is_loopback(settings.host):
        raise SystemExit(
            f"refusing to serve on {settings.host} with the public demo key: "
            "set APILAB_GATEWAY_KEYS or bind to 127.0.0.1"
        )
    return {DEMO_KEY: KeyPolicy(name="demo")}


def key_id(key: str, policy: KeyPolicy) -> str:
    """What logs and metrics show instead of the key: its name, or a short hash of it."""
    return policy.name or "key-" + hashlib.sha256(key.encode()).hexdigest()[:8]


@dataclass
class Usage:
    """One key's recent requests (a sliding minute) and tokens spent in the current day."""

    requests: deque = field(default_factory=deque)
    day: int = 0
    tokens: int = 0


@dataclass
class Caller:
    id: str
    policy: KeyPolicy
    usage: Usage


class AccessControl:
    def __init__(self, keys: dict[str, KeyPolicy], clock=time.time):
        self.keys = keys
        self.clock = clock
        self.usage = {key: Usage() for key in keys}
        self.lock = threading.Lock()

    def authenticate(self, presented: str | None) -> Caller:
        """The caller owning ``presented``; every key is compared, always, in constant time."""
        found = api_keys.matching(presented, self.keys)
        if found is None:
            reason = "missing" if not presented else "not valid"
            raise Unauthenticated(
                f"API key {reason}: send it as 'Authorization: Bearer <key>'", challenge=CHALLENGE
            )
        policy = self.keys[found]
        return Caller(key_id(found, policy), policy, self.usage[found])

    def authorize(self, caller: Caller, model: str) -> None:
        if not caller.policy.allows(model):
            raise PermissionDenied(f"this API key may not use model {model!r}")

    def admit(self, caller: Caller) -> None:
        """Count one request, or 429 with the seconds until one is allowed again."""
        now = self.clock()
        with self.lock:
            usage = self._today(caller.usage, now)
            if usage.tokens >= caller.policy.tokens_per_day:
                wait = (usage.day + 1) * DAY - now
                raise QuotaExceeded(
                    f"daily token quota of {caller.policy.tokens_per_day} used up",
                    retry_after=max(1, math.ceil(wait)),
                )
            while usage.requests and usage.requests[0] <= now - 60:
                usage.requests.popleft()
            if len(usage.requests) >= caller.policy.requests_per_minute:
                wait = usage.requests[0] + 60 - now
                raise RateLimited(
                    f"rate limit of {caller.policy.requests_per_minute} requests per minute",
                    retry_after=max(1, math.ceil(wait)),
                )
            usage.requests.append(now)

    def charge(self, caller: Caller, tokens: int) -> None:
        """Spend tokens once they are known (after the answer, streamed or not)."""
        with self.lock:
            self._today(caller.usage, self.clock()).tokens += tokens

    @staticmethod
    def _today(usage: Usage, now: float) -> Usage:
        if int(now // DAY) != usage.day:  # a new UTC day: the quota starts again
            usage.day, usage.tokens = int(now // DAY), 0
        return usage

"""Who is calling and what they may do: API keys, allowed models, rate limits, token quotas.

The lecture's "identity layer" and "cost control" in one place. Keys arrive the way the
OpenAI SDK sends them (``Authorization: Bearer <key>``) and are compared in constant time.
Counters live in the shared store (store.py): they survive restarts and hold across
gateway processes that share its file.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.common import api_keys
from services.wire.errors import PermissionDenied, RateLimited, Unauthenticated

from .settings import DEMO_KEY, GatewaySettings, KeyPolicy
from .store import Store

CHALLENGE = 'Bearer realm="apilab-gateway"'


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
class Caller:
    id: str
    policy: KeyPolicy


@dataclass
class Reservation:
    """Tokens and dollars held for one admitted request until it is settled."""

    id: str
    caller: Caller
    model: str
    periods: list[str] = field(default_factory=list)
    settled: bool = False


def period(kind: str, now: float) -> tuple[str, float]:
    """The name of the ``kind`` period holding ``now`` (UTC) and the seconds until it ends."""
    moment = datetime.fromtimestamp(now, UTC)
    if kind == "hour":
        start, end = moment.replace(minute=0, second=0, microsecond=0), timedelta(hours=1)
    elif kind == "day":
        start, end = moment.replace(hour=0, minute=0, second=0, microsecond=0), timedelta(days=1)
    else:  # month
        start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1) - start
    return f"{kind}:{start:%Y-%m-%dT%H}", (start + end - moment).total_seconds()


def _after(seconds: float) -> int:
    return max(1, math.ceil(seconds))


class AccessControl:
    """Keys in memory; counters in the shared ``Store`` (see store.py for why)."""

    def __init__(self, keys: dict[str, KeyPolicy], store: Store, prices: dict, clock=time.time):
        self.keys = keys
        self.store = store
        self.prices = prices
        self.clock = clock

    def authenticate(self, presented: str | None) -> Caller:
        """The caller owning ``presented``; every key is compared, always, in constant time."""
        found = api_keys.matching(presented, self.keys)
        if found is None:
            reason = "missing" if not presented else "not valid"
            raise Unauthenticated(
                f"API key {reason}: send it as 'Authorization: Bearer <key>'", challenge=CHALLENGE
            )
        policy = self.keys[found]
        return Caller(key_id(found, policy), policy)

    def authorize(self, caller: Caller, model: str) -> None:
        if not caller.policy.allows(model):
            raise PermissionDenied(f"this API key may not use model {model!r}")

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        price = self.prices.get(model)
        if price is None:
            return 0.0
        return (prompt_tokens * price.input + completion_tokens * price.output) / 1e6

    def admit(self, caller: Caller, model: str, prompt: int, most: int, exact=False) -> Reservation:
        """Count one request and reserve ``prompt + most`` tokens, or 429 saying why not.

        A request is admitted while the key has tokens (and dollars) left after what is
        spent and reserved, so requests running together overshoot the quota by at most
        one reservation. ``exact``: the cost is known (embeddings), so it must fit.
        """
        now, policy, key = self.clock(), caller.policy, caller.id
        day, day_left = period("day", now)
        budget, budget_left = period(policy.budget_period, now)
        need, usd = prompt + most, self.cost(model, prompt, most)
        with self.store.transaction() as db:
            reserved_tokens, reserved_usd = self.store.reserved(db, key, now)
            tokens = self.store.spent(db, key, day)[0] + reserved_tokens
            if tokens >= policy.tokens_per_day or (exact and tokens + need > policy.tokens_per_day):
                left = max(0, policy.tokens_per_day - tokens)
                raise QuotaExceeded(
                    f"daily token quota of {policy.tokens_per_day} used up "
                    f"({left} left, this request needs {need})",
                    retry_after=_after(day_left),
                )
            spent_usd = self.store.spent(db, key, budget)[1] + reserved_usd
            if policy.budget_usd is not None and spent_usd >= policy.budget_usd:
                raise QuotaExceeded(
                    f"budget of ${policy.budget_usd:g} per {policy.budget_period} spent",
                    retry_after=_after(budget_left),
                )
            hits = self.store.window(db, key, now)
            if len(hits) >= policy.requests_per_minute:
                raise RateLimited(
                    f"rate limit of {policy.requests_per_minute} requests per minute",
                    retry_after=_after(hits[0] + 60 - now),
                )
            reservation = self.store.reserve(db, key, now, need, usd)
        return Reservation(reservation, caller, model, sorted({day, budget}))

    def settle(self, reservation: Reservation, prompt: int, completion: int) -> float:
        """Replace the reservation by the tokens really used (once); the dollars they cost."""
        if reservation.settled:
            return 0.0
        reservation.settled = True
        usd = self.cost(reservation.model, prompt, completion)
        self.store.settle(
            reservation.id, reservation.caller.id, reservation.periods, prompt + completion, usd
        )
        return usd

    def spend(self, caller: Caller) -> dict:
        """What the key has spent in its periods, for GET /spend."""
        now, policy = self.clock(), caller.policy
        day, _ = period("day", now)
        budget, left = period(policy.budget_period, now)
        tokens = self.store.read_spent(caller.id, day)[0]
        usd = self.store.read_spent(caller.id, budget)[1]
        return {
            "key": caller.id,
            "tokens_today": tokens,
            "tokens_per_day": policy.tokens_per_day,
            "budget_period": policy.budget_period,
            "period": budget.split(":", 1)[1],
            "spent_usd": round(usd, 9),
            "budget_usd": policy.budget_usd,
            "resets_in_seconds": _after(left),
        }

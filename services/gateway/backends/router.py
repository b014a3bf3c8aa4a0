"""Several deployments behind one model name: load balancing, retries, cool-down, fallback.

``Deployments`` is a ``Backend`` itself, so the routes do not know whether one replica or
five answer. Each call goes to the next deployment in round-robin order that is not
cooling down. A connection failure or a 5xx (``Unavailable``, ``BackendFailed``) is
retried on the next deployment after a short backoff (doubled each time); a deployment
that fails ``cooldown_failures`` times in a row is skipped for ``cooldown_seconds``.
When every try failed with a status in ``fallback_statuses``, the fallback model answers.
Every call here is idempotent (nothing is stored), so retrying it is safe; a stream is
retried only before its first piece.

Which deployment answered goes into the request's record (the log line and the
``X-Gateway-Deployment`` header, see observability.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

from services.domain.errors import DomainError, Unavailable
from services.wire.errors import RateLimited

from ..observability import current_record
from . import Backend, BackendFailed

log = logging.getLogger(__name__)


def status_of(error: DomainError) -> int:
    if isinstance(error, BackendFailed):
        return 502
    if isinstance(error, Unavailable):
        return 503
    return 429 if isinstance(error, RateLimited) else 400


class Deployments(Backend):
    def __init__(self, model_id: str, deployments: list[Backend], settings):
        super().__init__(model_id, model_id)
        self.deployments = deployments
        self.owned_by = deployments[0].owned_by
        self.honours_max_tokens = deployments[0].honours_max_tokens
        self.retries = settings.gateway_retries
        self.backoff = settings.gateway_retry_backoff
        self.cooldown_failures = settings.gateway_cooldown_failures
        self.cooldown_seconds = settings.gateway_cooldown_seconds
        self.fallback_statuses = set(settings.gateway_fallback_statuses)
        self.fallback: Backend | None = None  # set by the registry once every model exists
        self.failures = {d.name: 0 for d in deployments}
        self.cooling_until = {d.name: 0.0 for d in deployments}
        self.turn = 0

    def order(self) -> list[Backend]:
        """Every deployment, starting with the next in turn; cooling ones last."""
        start, self.turn = self.turn, self.turn + 1
        count = len(self.deployments)
        ring = [self.deployments[(start + i) % count] for i in range(count)]
        now = time.monotonic()
        return [d for d in ring if self.cooling_until[d.name] <= now] + [
            d for d in ring if self.cooling_until[d.name] > now
        ]

    def _failed(self, deployment: Backend, error: Exception) -> None:
        self.failures[deployment.name] += 1
        if self.failures[deployment.name] >= self.cooldown_failures:
            self.cooling_until[deployment.name] = time.monotonic() + self.cooldown_seconds
            seconds = self.cooldown_seconds
            log.warning("deployment %s cools down for %ss: %s", deployment.name, seconds, error)

    async def _call(self, call):
        """``call(deployment)`` on the deployments in turn, until one answers."""
        record = current_record()
        ring, last = self.order(), None
        for attempt in range(self.retries + 1):
            deployment = ring[attempt % len(ring)]
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                result = await call(deployment)
            except Unavailable as error:  # connect error or 5xx: the next one may answer
                self._failed(deployment, error)
                last = error
                record.setdefault("retried", []).append(deployment.name)
                continue
            except DomainError:  # the deployment answered: the request was at fault
                self.failures[deployment.name] = 0
                record["deployment"] = deployment.name
                raise
            self.failures[deployment.name] = 0
            record["deployment"] = deployment.name
            return result
        if self.fallback is not None and status_of(last) in self.fallback_statuses:
            record["fallback"] = self.fallback.model_id
            return await call(self.fallback)
        raise last

    async def complete(self, prompt: str, max_tokens: int, seed: int, ignore_eos=False):
        return await self._call(lambda d: d.complete(prompt, max_tokens, seed, ignore_eos))

    async def invoke(self, body):
        return await self._call(lambda d: d.invoke(body))

    async def predict(self, instances: list, parameters: dict) -> list:
        return await self._call(lambda d: d.predict(instances, parameters))

    async def stream(
        self, prompt: str, max_tokens: int, seed: int, ignore_eos=False
    ) -> AsyncIterator[str]:
        async def opened(deployment: Backend):
            pieces = deployment.stream(prompt, max_tokens, seed, ignore_eos)
            return await anext(pieces, ""), pieces

        first, pieces = await self._call(opened)
        yield first
        async for piece in pieces:
            yield piece

    def finish_reason(self, tokens: int, max_tokens: int, last: str = "") -> str:
        return self.deployments[0].finish_reason(tokens, max_tokens, last)

    async def close(self) -> None:
        for deployment in self.deployments:
            await deployment.close()

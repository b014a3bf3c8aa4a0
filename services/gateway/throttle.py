"""Throttling: a burst is queued and served at a steady pace, not refused.

Three different tools, often confused:

- **throttling** (here): requests beyond ``throttle_per_second`` wait their turn; the
  client sees a slower answer, not an error (unless the wait would pass
  ``max_queue_seconds``: then 429, the queue is full);
- **rate limiting** (access.py): past ``requests_per_minute`` a request is refused at
  once with 429 ``rate_limit_exceeded`` and ``Retry-After``;
- **quotas and budgets** (access.py): tokens or dollars over a day or month; once spent,
  429 ``insufficient_quota`` until the period ends.

The pace is kept per process (one event loop, no lock needed): it smooths what this
process sends to the backends, which is what throttling is for.
"""

from __future__ import annotations

import asyncio
import math
import time

from services.wire.errors import RateLimited


class Throttle:
    def __init__(self, clock=time.monotonic):
        self.next_slot: dict[str, float] = {}
        self.clock = clock

    async def wait(self, key: str, per_second: float | None, max_queue: float) -> float:
        """Wait for ``key``'s next slot; the seconds waited (0 without throttling)."""
        if not per_second:
            return 0.0
        now = self.clock()
        slot = max(now, self.next_slot.get(key, now))
        delay = slot - now
        if delay > max_queue:
            raise RateLimited(
                f"throttle queue full: {per_second:g} requests per second, "
                f"the wait would be {delay:.1f}s",
                retry_after=max(1, math.ceil(delay - max_queue)),
            )
        self.next_slot[key] = slot + 1 / per_second
        if delay:
            await asyncio.sleep(delay)
        return delay

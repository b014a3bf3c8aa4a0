"""Streams open at once per client: one over the limit is refused with 429, not queued.

A stream (SSE, a streamed chat completion) holds memory and a generator for as long as
it runs; without a cap one client could open thousands. The SSE service counts by
client address (behind a proxy, every client has the proxy's address: count by key
there), the gateway by API key. One event loop per process, so no lock is needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sse_starlette import EventSourceResponse

from services.common.sse_drain import draining_response
from services.wire.errors import RateLimited


class StreamSlots:
    def __init__(self, per_client: int):
        self.per_client = per_client
        self.open: Counter[str] = Counter()

    def take(self, client: str) -> Callable[[], None]:
        """A slot for one more stream of ``client`` (or RateLimited); call the result to free it."""
        if self.open[client] >= self.per_client:
            raise RateLimited(f"at most {self.per_client} streams at once per client; close one")
        self.open[client] += 1
        freed = False

        def free() -> None:
            nonlocal freed
            if not freed:
                freed = True
                self.open[client] -= 1
                if not self.open[client]:
                    del self.open[client]

        return free

    def response(
        self, client: str, events, farewell, grace_seconds: float, **options
    ) -> EventSourceResponse:
        """An event stream that holds one of ``client``'s slots until it ends, however.

        On SIGTERM it ends with ``farewell`` (see ``common/sse_drain.py``).
        """
        free = self.take(client)
        return draining_response(
            events, farewell, grace_seconds, response_class=HeldEventSource, free=free, **options
        )


class HeldEventSource(EventSourceResponse):
    def __init__(self, *args, free: Callable[[], None], **kwargs):
        super().__init__(*args, **kwargs)
        self.free = free

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:  # finished, failed or cut off: the slot is free again
            self.free()

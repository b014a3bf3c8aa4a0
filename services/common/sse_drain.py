"""End every SSE stream with a last event when the server stops, instead of cutting it.

On SIGTERM uvicorn closes its socket and waits ``grace_seconds`` for the responses in
flight; sse-starlette notices the stop (it looks twice a second) and sets an event. A
stream may then go on for half the grace period: most streams finish on their own. One
that does not sends ``farewell`` (the service's terminal event: an error saying the
server is going away) and ends, so the client reads a clear end, not a truncated body.
sse-starlette cancels whatever is still running at 70 % of the grace period; uvicorn's
own limit (100 %) ends the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import math

import anyio
from sse_starlette import EventSourceResponse

STREAM_SHARE = 0.5  # of the grace period, from the moment the stop is noticed
BACKSTOP_SHARE = 0.7


def draining_response(
    events, farewell, grace_seconds: float, response_class=EventSourceResponse, **options
) -> EventSourceResponse:
    """An ``EventSourceResponse`` whose stream ends with ``farewell`` when the server stops."""
    shutdown = anyio.Event()
    return response_class(
        until_shutdown(events, shutdown, grace_seconds * STREAM_SHARE, farewell),
        shutdown_event=shutdown,
        shutdown_grace_period=grace_seconds * BACKSTOP_SHARE,
        **options,
    )


async def until_shutdown(events, shutdown: anyio.Event, allowance: float, farewell):
    """Pass ``events`` through; ``allowance`` seconds after ``shutdown`` is set, say farewell."""
    deadline, waiting = math.inf, None

    async def start_the_clock() -> None:
        nonlocal deadline
        await shutdown.wait()
        deadline = anyio.current_time() + allowance
        if waiting is not None:  # the stream is waiting for its next event: bound that wait
            waiting.deadline = deadline

    clock = asyncio.get_running_loop().create_task(start_the_clock())
    try:
        async with contextlib.aclosing(events):
            while True:
                # the scope ends before the yield: a cancel scope must not span a yield
                with anyio.CancelScope(deadline=deadline) as waiting:
                    try:
                        event = await anext(events)
                    except StopAsyncIteration:
                        return
                if waiting.cancelled_caught:
                    yield farewell
                    return
                waiting = None
                yield event
    finally:
        clock.cancel()

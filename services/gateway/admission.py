"""Admission and settlement of one request, shared by every API style.

Admission runs the checks in the order that costs least first: the model permission,
the throttle's queue, the guardrails on normalised input, then, in one transaction of
the shared store, the quota, budget and rate limit with the reservation. Settlement
replaces the reservation by what was used, shielded from cancellation so that a client
who hangs up mid-stream is still charged for every token sent (the counter is never
skipped). The store blocks, so both run in a worker thread, off the event loop.
"""

from __future__ import annotations

import anyio
from starlette.concurrency import run_in_threadpool

from services.domain.errors import FieldViolation, InvalidInput

from .access import Caller, Reservation


async def admit(
    request,
    caller: Caller,
    model: str,
    texts: list[str],
    field: str,
    prompt_tokens: int,
    most: int,
    exact: bool = False,
) -> Reservation:
    """May this caller use ``model`` now, with this input? Raises the error that says why not."""
    state, record = request.app.state, request.state.record
    record["model"] = model
    ceiling = state.settings.max_tokens
    if most > ceiling:  # refused before anything is reserved (a 10**20 would not fit)
        message = f"max_tokens: expected an integer from 1 to {ceiling}, got {most}"
        raise InvalidInput(message, [FieldViolation("max_tokens", message)])
    state.access.authorize(caller, model)
    policy = caller.policy
    waited = await state.throttle.wait(
        caller.id, policy.throttle_per_second, policy.max_queue_seconds
    )
    if waited:
        record["throttled_ms"] = round(waited * 1000, 1)

    def checks() -> Reservation:  # one trip to a worker thread for both, the cheap one first
        reservation = state.access.admit(caller, model, prompt_tokens, most, exact)
        try:
            state.guardrails.check(field, texts)  # reads every character: a quota 429 skips it
        except BaseException:
            state.access.settle(reservation, 0, 0)  # nothing was used: the tokens are free again
            raise
        return reservation

    return await run_in_threadpool(checks)


async def settle(request, reservation: Reservation, prompt_tokens: int, completion_tokens: int):
    """Charge what was used; also runs to the end when the request is being cancelled."""
    access, record = request.app.state.access, request.state.record
    with anyio.CancelScope(shield=True):
        usd = await run_in_threadpool(access.settle, reservation, prompt_tokens, completion_tokens)
    record["usd"] = usd
    return usd

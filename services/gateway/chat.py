"""POST /v1/chat/completions: route to the model's backend, answer whole or as SSE chunks."""

from __future__ import annotations

import json
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from services.common.dependencies import JSONOnly
from services.domain.errors import DomainError, FieldViolation, InvalidInput, Unavailable

from . import schemas
from .admission import admit, settle
from .cache import cache_key
from .dependencies import CallerDep, backend_for
from .errors import answer
from .responses import CHAT_ANSWERS, errors
from .schemas import ChatRequest, count_tokens

# a body that is not JSON (a pickle, a form) is a 415 naming the type, not a vague 400
router = APIRouter(prefix="/v1", tags=["chat"], dependencies=[JSONOnly])
ANSWERS = CHAT_ANSWERS | errors(400, 401, 403, 404, 413, 415, 429, 502, 503)


@router.post("/chat/completions", responses=ANSWERS)
async def create_chat_completion(body: ChatRequest, request: Request, caller: CallerDep):
    """The last user message goes to the model named in ``model``; see the README."""
    state, record = request.app.state, request.state.record
    backend = backend_for(request, body.model)
    prompt = body.prompt()
    settings = state.settings  # the default never exceeds the ceiling APILAB_MAX_TOKENS
    limit = body.token_limit(min(settings.gateway_default_max_tokens, settings.max_tokens))
    record["prompt_tokens"] = prompt_tokens = count_tokens(prompt)
    texts = [m.text() for m in body.messages]
    reservation = await admit(request, caller, body.model, texts, "messages", prompt_tokens, limit)
    try:
        if not prompt.strip():
            message = "messages: expected a user message with text"
            raise InvalidInput(message, [FieldViolation("messages", message)])
        seed = body.seed or 0
        if body.stream:
            record["stream"] = True
            pieces = backend.stream(prompt, limit, seed, body.ignore_eos)
            first = await anext(pieces, "")  # errors before the first token get a status code
            events = stream_events(request, reservation, backend, body, first, pieces, limit)
            # 429 past the caller's limit; on SIGTERM the stream ends with an error chunk
            response = state.streams.response(
                caller.id, events, going_away(), settings.grace_seconds, sep="\n"
            )
            reservation = None  # the stream settles it, however it ends
            return response
        return await whole_answer(request, backend, body, prompt, limit, seed, reservation)
    finally:
        if reservation is not None:
            await settle(request, reservation, prompt_tokens, record.get("completion_tokens", 0))


async def whole_answer(request, backend, body, prompt, limit, seed, reservation):
    state, record = request.app.state, request.state.record
    key = cache_key(body.model_dump(mode="json", exclude_unset=True))
    cached = await run_in_threadpool(state.store.cache_get, key) if state.cache else None
    record["cache"] = "hit" if cached else ("miss" if state.cache else "off")
    if cached:  # a hit costs no tokens: that is what the cache is for
        record["prompt_tokens"] = 0
        return JSONResponse(cached, headers={"X-Cache": "hit"})
    reply = await backend.complete(prompt, limit, seed, body.ignore_eos)
    record["completion_tokens"] = tokens = count_tokens(reply.text)
    text, verdict = state.output_guard.whole(reply.text)
    finish = "content_filter" if verdict and verdict["action"] == "cut" else reply.finish_reason
    result = schemas.completion(body.model, text, finish, record["prompt_tokens"], tokens)
    if verdict:
        result["guardrail"] = verdict
    if state.cache:
        await run_in_threadpool(state.store.cache_put, key, result)
    return JSONResponse(result, headers={"X-Cache": record["cache"]})


def going_away() -> dict:
    """The last chunk of a stream the gateway cannot finish before it stops."""
    error = Unavailable("the gateway is shutting down; send the request again")
    return {"data": answer(error).body.decode()}


async def stream_events(request, reservation, backend, body, first, pieces, limit):
    """SSE ``data:`` events: role, one chunk per piece, finish, [usage], ``[DONE]``."""
    id_, created, model = schemas.completion_id(), int(time.time()), body.model
    state, record, tokens, last = request.app.state, request.state.record, 0, ""
    guard, counter = state.output_guard.stream(), state.metrics.streamed.labels(model)

    def data(delta: dict, finish: str | None = None, **extra) -> dict:
        return {"data": json.dumps(schemas.chunk(id_, created, model, delta, finish) | extra)}

    try:
        yield data({"role": "assistant", "content": ""})
        async for piece in _chain(first, pieces):
            tokens, last = tokens + count_tokens(piece), piece
            record["completion_tokens"] = tokens
            counter.inc(count_tokens(piece))  # counted as it streams, not at the end
            for released in guard.feed(piece):
                yield data({"content": released})
            if guard.cut_by:
                break
        for released in guard.end():
            yield data({"content": released})
        verdict = guard.verdict()
        finish = "content_filter" if guard.cut_by else backend.finish_reason(tokens, limit, last)
        yield data({}, finish, **({"guardrail": verdict} if verdict else {}))
        if body.stream_options and body.stream_options.include_usage:
            last_chunk = schemas.chunk(id_, created, model, {}, None) | {"choices": []}
            last_chunk["usage"] = schemas.usage(record["prompt_tokens"], tokens)
            yield {"data": json.dumps(last_chunk)}
        yield {"data": "[DONE]"}
    except DomainError as error:  # the status line is gone: the error travels as an event
        yield {"data": answer(error).body.decode()}
    finally:  # also when the client hung up: what was generated is spent
        record["completion_tokens"] = tokens
        await settle(request, reservation, record["prompt_tokens"], tokens)


async def _chain(first: str, pieces):
    if first:
        yield first
    async for piece in pieces:
        yield piece

"""POST /v1/chat/completions: route to the model's backend, answer whole or as SSE chunks."""

from __future__ import annotations

import json
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.common.dependencies import JSONOnly
from services.domain.errors import DomainError, FieldViolation, InvalidInput, Unavailable

from . import schemas
from .cache import cache_key
from .dependencies import CallerDep, admit, backend_for
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
    admit(request, caller, body.model, [m.text() for m in body.messages], "messages")
    prompt = body.prompt()
    if not prompt.strip():
        message = "messages: expected a user message with text"
        raise InvalidInput(message, [FieldViolation("messages", message)])
    settings = state.settings  # the default never exceeds the ceiling APILAB_MAX_TOKENS
    limit = body.token_limit(min(settings.gateway_default_max_tokens, settings.max_tokens))
    seed = body.seed or 0
    record["prompt_tokens"] = prompt_tokens = count_tokens(prompt)
    if body.stream:
        pieces = backend.stream(prompt, limit, seed)
        first = await anext(pieces, "")  # errors before the first token get a status code
        events = stream_events(request, caller, backend, body, first, pieces, limit)
        grace = state.settings.grace_seconds
        # 429 past the caller's limit; on SIGTERM the stream ends with an error chunk
        return state.streams.response(caller.id, events, going_away(), grace, sep="\n")

    key = cache_key(body.model_dump(mode="json", exclude_unset=True))
    cached = state.cache.get(key) if state.cache else None
    record["cache"] = "hit" if cached else ("miss" if state.cache else "off")
    if cached:  # a hit costs no tokens: that is what the cache is for
        return JSONResponse(cached, headers={"X-Cache": "hit"})
    reply = await backend.complete(prompt, limit, seed)
    record["completion_tokens"] = tokens = count_tokens(reply.text)
    state.access.charge(caller, prompt_tokens + tokens)
    result = schemas.completion(body.model, reply.text, reply.finish_reason, prompt_tokens, tokens)
    if state.cache:
        state.cache.put(key, result)
    return JSONResponse(result, headers={"X-Cache": record["cache"]})


def going_away() -> dict:
    """The last chunk of a stream the gateway cannot finish before it stops."""
    error = Unavailable("the gateway is shutting down; send the request again")
    return {"data": answer(error).body.decode()}


async def stream_events(request, caller, backend, body, first, pieces, limit):
    """SSE ``data:`` events: role, one chunk per piece, finish, [usage], ``[DONE]``."""
    id_, created, model = schemas.completion_id(), int(time.time()), body.model
    record, tokens = request.state.record, 0

    def data(delta: dict, finish: str | None = None) -> dict:
        return {"data": json.dumps(schemas.chunk(id_, created, model, delta, finish))}

    try:
        yield data({"role": "assistant", "content": ""})
        if first:
            tokens += count_tokens(first)
            yield data({"content": first})
        async for piece in pieces:
            tokens += count_tokens(piece)
            yield data({"content": piece})
        yield data({}, backend.finish_reason(tokens, limit))
        if body.stream_options and body.stream_options.include_usage:
            last = schemas.chunk(id_, created, model, {}, None) | {"choices": []}
            last["usage"] = schemas.usage(record["prompt_tokens"], tokens)
            yield {"data": json.dumps(last)}
        yield {"data": "[DONE]"}
    except DomainError as error:  # the status line is gone: the error travels as an event
        yield {"data": answer(error).body.decode()}
    finally:  # also when the client hung up: what was generated is spent
        record["completion_tokens"] = tokens
        request.app.state.access.charge(caller, record["prompt_tokens"] + tokens)

"""The event streams: tokens (POST and GET /generate) and one prediction per row.

Before the first event, errors are HTTP problems (422, 406, ...); once the stream has
started, a failure is an ``event: error`` with a JSON body, and the stream ends.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.common.dependencies import JSONOnly, Predicting
from services.domain.errors import DomainError, Unavailable
from services.wire.errors import NotAcceptable
from services.wire.schemas import BatchIn, GenerateIn
from services.wire.status import error_body

from .access import BatchParams, GenerateParams

log = logging.getLogger(__name__)
router = APIRouter(tags=["streams"])


def accepts_event_stream(accept: Annotated[str | None, Header()] = None) -> None:
    """406 unless the client can take text/event-stream (EventSource sends exactly that)."""
    kinds = {part.split(";")[0].strip() for part in (accept or "*/*").split(",")}
    if not kinds & {"text/event-stream", "text/*", "*/*"}:
        raise NotAcceptable(f"{accept} excludes text/event-stream, the only type served here")


EventStream = Depends(accepts_event_stream)


# what a stream still running when the server stops ends with (see common/sse_drain.py)
GOING_AWAY = ServerSentEvent(
    event="error",
    data=json.dumps(
        error_body(
            Unavailable("the server is shutting down; reconnect (Last-Event-ID resumes tokens)")
        )
    ),
)


def stream_response(request: Request, events) -> EventSourceResponse:
    """The stream, holding one of this client's slots (429 when they are all taken)."""
    settings = request.app.state.settings
    return request.app.state.streams.response(
        request.client.host if request.client else "unknown",
        events,
        GOING_AWAY,
        settings.grace_seconds,
        ping=settings.keepalive_seconds,
    )


def token_events(request: Request, args: GenerateIn | GenerateParams, last_event_id: str | None):
    """``data: {"token": ...}`` per token, ids from 0, then ``data: [DONE]``."""
    settings = request.app.state.settings
    service = request.app.state.service
    tokens = service.agenerate_tokens(args.prompt, args.max_tokens, args.seed, settings.token_delay)
    seen = last_event_id or ""  # ids are ours: ASCII digits ("²".isdigit() is True too)
    resume_after = int(seen) if seen.isascii() and seen.isdigit() and len(seen) < 19 else -1

    async def events():
        index, retry = -1, settings.retry_ms  # retry: rides on the first event only
        try:
            async for index, token in _enumerate(tokens):
                if index > resume_after:  # a reconnect resumes after the last event it saw
                    data = json.dumps({"token": token})
                    yield ServerSentEvent(data=data, id=str(index), retry=retry)
                    retry = None
        except DomainError as error:
            yield ServerSentEvent(data=json.dumps(error_body(error)), event="error")
            return
        yield ServerSentEvent(data="[DONE]", id=str(index + 1), retry=retry)

    return events()


async def _enumerate(items):
    index = 0
    async for item in items:
        yield index, item
        index += 1


@router.post("/generate", dependencies=[JSONOnly, EventStream])
async def generate_post(
    body: GenerateIn, request: Request, last_event_id: Annotated[str | None, Header()] = None
):
    """Stream tokens for a JSON body: {"prompt", "max_tokens", "seed"}."""
    return stream_response(request, token_events(request, body, last_event_id))


@router.get("/generate", dependencies=[EventStream])
async def generate_get(
    query: Annotated[GenerateParams, Query()],
    request: Request,
    last_event_id: Annotated[str | None, Header()] = None,
):
    """The same stream for EventSource, which can only send GET with a query string."""
    return stream_response(request, token_events(request, query, last_event_id))


@router.post("/batch-predictions/stream", dependencies=[JSONOnly, EventStream])
async def batch_stream(
    query: Annotated[BatchParams, Query()], body: BatchIn, request: Request, service: Predicting
):
    """One ``data: {"row", "label", "score"}`` event per row, then ``data: [DONE]``."""
    # checked now: an unknown model (404) or rows that are not a list (422) fail before the stream
    predictions = service.stream_predictions(query.model_id, body.rows)

    async def events():
        row = 0
        while True:
            # the rows' work runs in a worker thread, a chunk at a time: on the event loop
            # it would hold every other client of this process (100,000 rows take seconds),
            # and each trip back to the loop is where a client that hung up is noticed
            chunk, error = await anyio.to_thread.run_sync(predict_chunk, predictions, row)
            for data in chunk:
                yield ServerSentEvent(data=data, id=str(row))
                row += 1
            if error is not None:  # a bad row mid-stream: the rows before it were sent
                yield ServerSentEvent(data=error, event="error")
                return
            if len(chunk) < CHUNK_ROWS:
                break
        yield ServerSentEvent(data="[DONE]")

    return stream_response(request, events())


CHUNK_ROWS = 256  # ~5 ms of work: short GIL holds, few thread hops


def predict_chunk(predictions, first_row: int) -> tuple[list[str], str | None]:
    """The next ``CHUNK_ROWS`` events' data from ``predictions``, and the error that ended it."""
    chunk = []
    try:
        for row, prediction in enumerate(itertools.islice(predictions, CHUNK_ROWS), first_row):
            payload = {"row": row, "label": prediction.label, "score": prediction.score}
            chunk.append(json.dumps(payload))
    except DomainError as error:
        return chunk, json.dumps(error_body(error))
    return chunk, None

"""What each message type does: the protocol of ws://host:port/ws, without the socket.

Requests are JSON objects with a ``type`` and a client-chosen ``id``; every reply
carries that id, so several requests can be in flight on one connection.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from services.domain import Predictor
from services.domain.errors import (
    DomainError,
    FieldViolation,
    InvalidInput,
    Unavailable,
    UnknownPrediction,
)
from services.wire.errors import RateLimited
from services.wire.schemas import GenerateIn, validate
from services.wire.status import error_body

Send = Callable[[dict], Awaitable[None]]


def error_message(request_id, error: DomainError) -> dict:
    """The error table's WebSocket column: an error message, the connection stays open."""
    return {"type": "error", "id": request_id, "error": error_body(error)}


class Session:
    """One connection's state: the generations running, by request id."""

    def __init__(self, service: Predictor, send: Send, token_delay: float, max_streams: int = 8):
        self.service, self.send, self.token_delay = service, send, token_delay
        self.max_streams = max_streams  # generations running at once on this connection
        self.generations: dict[str, asyncio.Task] = {}
        self.accepting = True

    async def handle(self, message: dict) -> None:
        request_id = message.get("id")
        started = time.perf_counter()
        try:
            kind = message.get("type")
            if not isinstance(request_id, str | int | float | None):  # ids are dict keys here
                problem = f"expected a string or a number, got {type(request_id).__name__}"
                raise InvalidInput(f"id: {problem}", [FieldViolation("id", problem)])
            if kind == "predict":
                p = self.service.predict(message.get("model_id"), message.get("features"))
                reply = {"type": "prediction", "label": p.label, "score": p.score}
            elif kind == "predict_batch":
                result = self.service.predict_batch(message.get("model_id"), message.get("rows"))
                reply = {"type": "batch_prediction", **result.as_dict()}
            elif kind == "generate":
                return self.start_generation(request_id, message)
            elif kind == "cancel":
                return await self.cancel(request_id)
            elif kind == "ping":
                reply = {"type": "pong"}
            else:
                known = "predict, predict_batch, generate, cancel, ping"
                raise InvalidInput(f"unknown message type {kind!r}; known types: {known}")
        except DomainError as error:
            return await self.send(error_message(request_id, error))
        server_ms = round((time.perf_counter() - started) * 1000, 3)
        await self.send({**reply, "id": request_id, "server_ms": server_ms})

    def start_generation(self, request_id, message: dict) -> None:
        if not self.accepting:
            raise Unavailable("the server is shutting down; reconnect to another instance")
        if len(self.generations) >= self.max_streams:  # refused, the connection stays open
            raise RateLimited(f"at most {self.max_streams} generations at once per connection")
        if request_id in self.generations:  # replies are matched by id: ids must be unique
            raise InvalidInput(f"a generation with id {request_id!r} is already running")
        fields = {k: v for k, v in message.items() if k not in ("type", "id")}
        args = validate(GenerateIn, fields)
        tokens = self.service.agenerate_tokens(
            args.prompt, args.max_tokens, args.seed, self.token_delay
        )  # validated here: a bad request fails before its task starts
        task = asyncio.create_task(self.stream(request_id, tokens))
        self.generations[request_id] = task
        task.add_done_callback(lambda done: self.forget(request_id, done))

    def forget(self, request_id, task: asyncio.Task) -> None:
        """A finished task leaves; not a newer one that reuses its id after a cancel."""
        if self.generations.get(request_id) is task:
            del self.generations[request_id]

    async def stream(self, request_id, tokens) -> None:
        async for token in tokens:
            await self.send({"type": "token", "id": request_id, "token": token})
        await self.send({"type": "done", "id": request_id})

    async def cancel(self, request_id) -> None:
        task = self.generations.pop(request_id, None)  # its place is free at once
        if task is None:
            error = UnknownPrediction(f"no generation with id {request_id!r} is running")
            return await self.send(error_message(request_id, error))
        task.cancel()
        await self.send({"type": "cancelled", "id": request_id})

    def stop_accepting(self) -> list[asyncio.Task]:
        """Shutting down: no new generations; the ones running are returned to wait on."""
        self.accepting = False
        return list(self.generations.values())

    def close(self) -> None:
        for task in list(self.generations.values()):
            task.cancel()  # the client is gone: no work continues for it

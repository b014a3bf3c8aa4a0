"""An ASGI body-size limit that answers 413 in the app's error shape (problem+json here).

Starlette's RequestBodyLimitMiddleware (FastAPI's ``max_body_size``) replaces the app's
response with a plain-text 413 whenever Content-Length is over the limit, so the
problem+json body would be lost. This one refuses early when Content-Length says so,
and counts the bytes of bodies sent without it (chunked).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.domain.errors import DomainError
from services.wire.media import too_large
from services.wire.problems import PROBLEM_JSON, from_domain_error


def problem_response(error: DomainError, instance: str) -> Response:
    status, headers, body = from_domain_error(error, instance)
    return JSONResponse(body, status, headers, media_type=PROBLEM_JSON)


class BodyLimit:
    """``answer`` shapes the 413 (problem+json here; the gateway passes OpenAI's shape)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        answer: Callable[[DomainError, str], Response] = problem_response,
    ):
        self.app = app
        self.max_bytes = max_bytes
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413)  # the app's handler turns it into problem+json
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.answer(too_large(self.max_bytes), scope["path"])
        response.headers["Connection"] = "close"  # the unread body would poison keep-alive
        await response(scope, receive, send)

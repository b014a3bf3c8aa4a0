"""An ASGI body-size limit that answers 413 as problem+json, like every other error.

Starlette's RequestBodyLimitMiddleware (FastAPI's ``max_body_size``) replaces the app's
response with a plain-text 413 whenever Content-Length is over the limit, so the
problem+json body would be lost. This one refuses early when Content-Length says so,
and counts the bytes of bodies sent without it (chunked).
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .media import too_large
from .problems import PROBLEM_JSON, from_domain_error


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            return await self._refuse(scope, send)
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413)  # the app's handler turns it into problem+json
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        status, headers, body = from_domain_error(too_large(self.max_bytes), scope["path"])
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),  # the unread body would otherwise poison keep-alive
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

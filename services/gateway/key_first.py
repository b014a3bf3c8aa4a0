"""The API key is checked before a JSON body is read: a caller without one costs nothing.

FastAPI reads and decodes a route's JSON body before it runs the route's dependencies,
so the key check (``dependencies.authenticate``) came after the parse. A 4 MiB body
holds the event loop about 0.1 s, and anyone could send one, key or no key. Here the
OpenAI routes answer 401 from the headers alone. A body that is not JSON goes on
unchecked: nothing parses it, and the route answers 415 as before. The caller found
here is handed to the route (``request.state.caller``), so a key is checked once.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from services.domain.errors import DomainError
from services.wire import media

from . import errors

PARSED_ROUTES = {"/v1/chat/completions", "/v1/embeddings"}


class KeyFirst:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in PARSED_ROUTES:
            headers = dict(scope["headers"])
            try:
                media.require_json(headers.get(b"content-type", b"").decode("latin-1") or None)
            except DomainError:
                return await self.app(scope, receive, send)  # the route's 415
            scheme, _, key = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
            try:
                caller = scope["app"].state.access.authenticate(
                    key if scheme.lower() == "bearer" else None
                )
            except DomainError as error:
                response = errors.answer(error, scope["path"])
                response.headers["Connection"] = "close"  # the unread body ends the connection
                return await response(scope, receive, send)
            scope.setdefault("state", {})["caller"] = caller  # the route's dependency takes it
        await self.app(scope, receive, send)

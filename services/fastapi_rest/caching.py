"""GET answers with validators (ETag, Cache-Control, 304), and HEAD on every GET route.

Starlette routes a HEAD only to routes that list it, and FastAPI's ``@router.get`` does
not; Werkzeug answers HEAD from any GET route. ``HeadAsGet`` does what Werkzeug does,
so both services answer HEAD the same: the GET's status and headers, no body.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request, Response

from services.common.conditional import not_modified, validators

# declared on each route for its OpenAPI entry; cacheable() reads it from the request
IfNoneMatch = Annotated[
    str | None,
    Header(alias="If-None-Match", description="ETags the client holds: 304 if one is current"),
]


def cacheable(request: Request, response: Response, document: dict, kind: str):
    """``document`` with its ETag set on ``response``, or a 304 with no body."""
    settings = request.app.state.settings
    credentials = bool(settings.api_keys or settings.auth_users)
    headers = validators(document, kind, credentials)
    if not_modified(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return document


class HeadAsGet:
    """ASGI middleware: route HEAD as GET, send the headers (Content-Length kept), drop the body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)

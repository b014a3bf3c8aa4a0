"""``Server-Timing: app;dur=<ms>`` on every HTTP response: the handler's own time.

The benchmark subtracts it from the latency the client saw, which leaves the cost of
the protocol (parsing, the network stack, the server loop). The time runs from the
moment the server hands the request to the app until the app starts its response.
"""

from __future__ import annotations

import time


def header_value(started: float) -> str:
    return f"app;dur={(time.perf_counter() - started) * 1000:.3f}"


class ServerTimingASGI:
    """ASGI middleware (FastAPI, Starlette): adds the header to each HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()

        async def timed_send(message):
            if message["type"] == "http.response.start":
                timing = (b"server-timing", header_value(started).encode())
                message["headers"] = [*message.get("headers", ()), timing]
            await send(message)

        await self.app(scope, receive, timed_send)


class ServerTimingWSGI:
    """WSGI middleware (Flask, gunicorn): adds the header when the app starts its response."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            headers.append(("Server-Timing", header_value(started)))
            return start_response(status, headers, exc_info)

        return self.app(environ, timed_start_response)

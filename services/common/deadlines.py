"""uvicorn's HTTP protocol with deadlines for slow clients: requests in, answers out.

uvicorn never blocks on one client, but it waits forever for a request sent one byte
at a time (slowloris), for the first request of a connection that sends nothing, and
for a client that stops reading an answer (an SSE stream, a large batch): each such
connection keeps a socket, its buffers and, for a stream, its generator. Here:

- a request must arrive whole within ``APILAB_REQUEST_TIMEOUT`` of its first byte (of
  connecting, for the first one), or the client gets a 408 problem and is closed;
- an answer whose send buffer stays full that long (the client reads nothing) is cut:
  the connection is dropped and the app sees the client as gone.

Between requests uvicorn's keep-alive timeout applies.
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from services.wire.problems import PROBLEM_JSON, problem

from .header_limits import HeadLimitProtocol


def timeout_response(seconds: float) -> bytes:
    detail = f"no complete request within {seconds:g} s"
    body = json.dumps(problem(408, detail, None)).encode()
    head = (
        "HTTP/1.1 408 Request Timeout\r\n"
        f"content-type: {PROBLEM_JSON}\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class DeadlineProtocol(HttpToolsProtocol):
    request_timeout = 30.0  # replaced by deadline_protocol(): a subclass per setting
    arrival: asyncio.TimerHandle | None = None  # set while a request is arriving
    stalled: asyncio.TimerHandle | None = None  # set while the client reads nothing

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self.arrival = self._after(self.request_timeout, self._too_slow)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._cancel(self.arrival)
        self.arrival = self._after(self.request_timeout, self._too_slow)

    def on_message_complete(self) -> None:
        self.arrival = self._cancel(self.arrival)
        super().on_message_complete()

    def pause_writing(self) -> None:
        """The send buffer is full: the client has stopped reading, for now."""
        super().pause_writing()
        if self.stalled is None:  # abort, not close: close waits for the buffer to drain
            self.stalled = self._after(self.request_timeout, self.transport.abort)

    def resume_writing(self) -> None:
        super().resume_writing()
        self.stalled = self._cancel(self.stalled)

    def connection_lost(self, exc: Exception | None) -> None:
        self.arrival = self._cancel(self.arrival)
        self.stalled = self._cancel(self.stalled)
        super().connection_lost(exc)

    def _after(self, seconds: float, callback) -> asyncio.TimerHandle:
        return self.loop.call_later(seconds, callback)

    @staticmethod
    def _cancel(timer: asyncio.TimerHandle | None) -> None:
        if timer is not None:
            timer.cancel()

    def _too_slow(self) -> None:
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(timeout_response(self.request_timeout))
        self.transport.close()


def deadline_protocol(request_timeout: float) -> type[DeadlineProtocol]:
    """The protocol class for uvicorn's ``http`` option: this deadline, and head limits."""
    bases = (DeadlineProtocol, HeadLimitProtocol)
    return type("DeadlineProtocol", bases, {"request_timeout": request_timeout})

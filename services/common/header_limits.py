"""Limits on a request's head under uvicorn: its size, its number of headers, one Host.

uvicorn (httptools) keeps no limit of its own: a header line that never ends is fed to
the parser chunk by chunk, and httptools joins the chunks with ``bytes +=``, which
copies everything received so far each time. One client sending an endless header kept
the event loop at 100 % CPU and every other client waited 14-19 s for ``/healthz``.
Here the bytes of a head are counted as they arrive, before the parser joins them:

- a head over ``MAX_HEAD_BYTES`` or with more than ``MAX_HEADERS`` headers: 431;
- two ``Host`` headers (which one names the site?): 400, as RFC 9112 section 3.2 asks.

The refusal is a problem+json answer; the connection then stops being read (a moment of
draining so the client can read the answer, instead of a reset) and is closed.
gunicorn's limits, for comparison: 8190 bytes per line, 100 headers.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from services.wire.problems import PROBLEM_JSON, problem

MAX_HEAD_BYTES = 64 * 1024  # request line and headers together
MAX_HEADERS = 100
DRAIN_SECONDS = 1.0  # how long a refused client may go on sending before it is cut off
REASONS = {400: "Bad Request", 431: "Request Header Fields Too Large"}


class HeadRefused(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


def refusal(status: int, detail: str) -> bytes:
    body = json.dumps(problem(status, detail, None)).encode()
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: {PROBLEM_JSON}\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class HeadLimitProtocol(HttpToolsProtocol):
    in_head = True  # between the end of one request and the end of the next one's headers
    head_bytes = 0
    header_count = 0
    header_bytes = 0
    hosts = 0
    pending: HeadRefused | None = None  # raised inside the parser, answered after it
    refused: HeadRefused | None = None  # answered: the connection only waits to close

    def data_received(self, data: bytes) -> None:
        if self.refused is not None:
            return  # answered already: what else arrives is dropped, not parsed
        if self.in_head:
            self.head_bytes += len(data)
        super().data_received(data)
        if self.in_head and self.head_bytes > MAX_HEAD_BYTES and self.refused is None:
            self._refuse(HeadRefused(431, f"the request head is over {MAX_HEAD_BYTES} bytes"))

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_count += 1
        self.header_bytes += len(name) + len(value)  # a head that arrived in one chunk
        if self.header_bytes > MAX_HEAD_BYTES:
            self._stop_parsing(HeadRefused(431, f"the request head is over {MAX_HEAD_BYTES} bytes"))
        if self.header_count > MAX_HEADERS:
            self._stop_parsing(HeadRefused(431, f"more than {MAX_HEADERS} header fields"))
        if name.lower() == b"host":
            self.hosts += 1
            if self.hosts > 1:
                self._stop_parsing(HeadRefused(400, "more than one Host header"))
        super().on_header(name, value)

    def _stop_parsing(self, error: HeadRefused):
        """Raised in a parser callback, this reaches uvicorn as a parser error (400)."""
        self.pending = error
        raise error

    def on_headers_complete(self) -> None:
        self.in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.in_head, self.head_bytes, self.hosts = True, 0, 0
        self.header_count = self.header_bytes = 0

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a parser error; ours when a callback above refused the head."""
        if self.pending is None:
            return super().send_400_response(msg)
        self._refuse(self.pending)

    def _refuse(self, error: HeadRefused) -> None:
        # keep reading (and dropping) for a moment: closing with unread bytes sends a
        # reset, and the client would never see the answer
        self.refused = error
        self.transport.write(refusal(error.status, error.detail))
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)

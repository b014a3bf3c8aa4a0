"""gunicorn's threaded worker with a deadline per request, and a quick exit on SIGTERM.

A deadline, so a slow client cannot pin a thread. Each request is read by one of the
worker's threads. gunicorn waits a few seconds for a new connection's first byte, but
then reads the request with no time limit: a client that sends its headers one byte at
a time (slowloris) keeps that thread for as long as it likes, and as many such clients
as there are threads stop the service. Here the reads of one request share one
deadline (``APILAB_REQUEST_TIMEOUT`` from its start), and each write gets as long
again; past that the connection is closed.

A quick exit: gunicorn's gthread worker stops *accepting* on SIGTERM but keeps the
listening socket open until it exits, so a client that connects while it drains waits
in the kernel's backlog for the whole grace period and is then reset. Closing the
socket at once gives that client "connection refused" straight away, and it can retry
another instance.
"""

from __future__ import annotations

import errno
import socket
import time

from gunicorn.workers.gthread import ThreadWorker


class TooSlow(ConnectionResetError):
    """The request took too long to arrive: the server resets the connection.

    A ``ConnectionResetError`` on purpose: gunicorn closes such connections quietly,
    and the app answers a body that stops arriving with 408 (flask_rest/bodies.py).
    """

    def __init__(self, seconds: float):
        super().__init__(errno.ECONNRESET, f"no complete request within {seconds:g} s")


class DeadlineSocket:
    """A socket whose reads for one request share a deadline; anything else is the socket's."""

    def __init__(self, sock: socket.socket, seconds: float):
        self._sock = sock
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def __getattr__(self, name: str):  # fileno, setblocking, close, ...
        return getattr(self._sock, name)

    def start_request(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def recv(self, size: int, *flags) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TooSlow(self.seconds)
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            raise TooSlow(self.seconds) from None

    def sendall(self, data, *flags) -> None:
        self._sock.settimeout(self.seconds)  # a client that stops reading the answer
        self._sock.sendall(data, *flags)


class DeadlineThreadWorker(ThreadWorker):
    request_timeout = 30.0  # replaced by worker_class(): a subclass per setting

    def handle(self, conn):
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock, self.request_timeout)
        conn.sock.start_request()  # also for the next request on a kept-alive connection
        return super().handle(conn)

    def handle_exit(self, sig, frame) -> None:
        super().handle_exit(sig, frame)
        # a signal handler interrupts the poller's loop: let that loop do the closing
        self.method_queue.defer(self.close_listeners)

    def close_listeners(self) -> None:
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()  # the arbiter closed its copy on SIGTERM: the port is free now


def worker_class(request_timeout: float) -> type[DeadlineThreadWorker]:
    """The worker class for gunicorn's ``worker_class`` setting, with this deadline."""
    return type("Worker", (DeadlineThreadWorker,), {"request_timeout": request_timeout})

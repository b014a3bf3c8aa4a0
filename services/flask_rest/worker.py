"""gunicorn's threaded worker, closing its listening socket the moment SIGTERM arrives.

gunicorn's gthread worker stops *accepting* on SIGTERM but keeps the socket open until
it exits, so a client that connects while it drains waits in the kernel's backlog for
the whole grace period and is then reset. With the socket closed at once, that client
gets "connection refused" straight away and can retry another instance.
"""

from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class ClosingThreadWorker(ThreadWorker):
    def handle_exit(self, sig, frame) -> None:
        super().handle_exit(sig, frame)
        # a signal handler interrupts the poller's loop: let that loop do the closing
        self.method_queue.defer(self.close_listeners)

    def close_listeners(self) -> None:
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()  # the arbiter closed its copy on SIGTERM: the port is free now

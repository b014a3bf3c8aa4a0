"""Worker threads for streaming calls: a bounded share, and an idle deadline between messages.

grpcio's synchronous server runs every call on one thread of its pool (16 here) and a
streaming call keeps its thread until it ends. Sixteen ``PredictCollect`` calls that
never half-close, on one connection (HTTP/2 allows 100 streams), took every thread: other
clients' ``Predict`` and the health ``Check`` waited in the queue until their deadlines
(the connection age, 300 s + 30 s grace, ended the attack). Here:

- streaming calls may hold at most ``workers - reserved_workers`` threads at once; one
  more is refused at once with RESOURCE_EXHAUSTED, so unary calls and health always
  find a thread;
- a request stream that sends no message for ``request_timeout`` seconds ends with
  DEADLINE_EXCEEDED (a reader thread waits for the next message; the call's own thread
  waits on it with a timeout, which grpcio's request iterator does not offer).
"""

from __future__ import annotations

import queue
import threading

import grpc

from .interceptors import FACTORIES

END = object()


class CallEnded(grpc.RpcError):
    """Raised where the servicer reads: the call was already ended with its status."""


class StreamingCalls(grpc.ServerInterceptor):
    def __init__(self, slots: int, idle_seconds: float):
        self.limit, self.idle_seconds = slots, idle_seconds
        self.slots = threading.BoundedSemaphore(slots)

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or not (handler.request_streaming or handler.response_streaming):
            return handler
        factory, attribute = FACTORIES[handler.request_streaming, handler.response_streaming]
        behavior = getattr(handler, attribute)
        wrap = self._streamed if handler.response_streaming else self._unary
        return factory(
            wrap(behavior, handler.request_streaming),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _admit(self, request, context, request_streaming: bool):
        if not self.slots.acquire(blocking=False):
            context.abort(
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                f"the server runs at most {self.limit} streaming calls at once; retry later",
            )
        if request_streaming:
            return idle_deadline(request, context, self.idle_seconds)
        return request

    def _unary(self, behavior, request_streaming: bool):
        def handle(request, context):
            request = self._admit(request, context, request_streaming)
            try:
                return behavior(request, context)
            finally:
                self.slots.release()

        return handle

    def _streamed(self, behavior, request_streaming: bool):
        def handle(request, context):
            request = self._admit(request, context, request_streaming)
            try:
                yield from behavior(request, context)
            finally:
                self.slots.release()

        return handle


def idle_deadline(requests, context, seconds: float):
    """The request messages, as long as each arrives within ``seconds`` of the last."""
    inbox: queue.Queue = queue.Queue(maxsize=1)  # one message read ahead, not the stream

    def offer(item) -> bool:
        while not _put(inbox, item):
            if not context.is_active():  # the call ended: nobody takes it any more
                return False
        return True

    def read() -> None:
        try:
            for request in requests:
                if not offer(request):
                    return
            offer(END)
        except Exception as error:  # noqa: BLE001 (handed to the call's thread, raised there)
            offer(error)

    threading.Thread(target=read, name="grpc-request-reader", daemon=True).start()
    while True:
        try:
            item = inbox.get(timeout=seconds)
        except queue.Empty:
            detail = f"no request message for {seconds:g} s: the call is closed"
            try:
                context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, detail)
            except Exception:  # noqa: BLE001 (abort raises a bare Exception)
                raise CallEnded from None
        if item is END:
            return
        if isinstance(item, Exception):
            raise item
        yield item


def _put(inbox: queue.Queue, item) -> bool:
    try:
        inbox.put(item, timeout=0.5)
    except queue.Full:
        return False
    return True

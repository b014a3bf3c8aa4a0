"""The server's interceptors: what every call goes through before its rpc runs.

``ApiKeyInterceptor`` checks the ``x-api-key`` metadata when APILAB_API_KEYS is set;
health checks and reflection stay open (an orchestrator probing readiness has no key).
A refusal is UNAUTHENTICATED with the same rich details as every other error.

``DecodeRequests``: grpcio decodes each request before the servicer runs; when the bytes
are not a valid protobuf message it answers INTERNAL ("Exception deserializing
request!") and logs a traceback, as if the server were broken. This interceptor decodes
instead, and a damaged message becomes the domain's ``MalformedPayload``, mapped like
every other error (INVALID_ARGUMENT).
"""

from __future__ import annotations

import grpc
from google.protobuf.message import DecodeError

from services.common import api_keys
from services.domain.errors import MalformedPayload
from services.wire.errors import Unauthenticated

from .errors import rich_status

OPEN_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")


class Undecodable:
    """What the tolerant deserializer returns for bytes it cannot decode."""

    def __init__(self, error: DecodeError):
        self.error = MalformedPayload(f"the request is not a valid protobuf message: {error}")


def tolerant(deserialize):
    def decode(data: bytes):
        try:
            return deserialize(data)
        except DecodeError as error:
            return Undecodable(error)

    return decode


def checked_request(behavior):
    """One request: refuse it before the servicer runs."""

    def handle(request, context):
        if isinstance(request, Undecodable):
            context.abort_with_status(rich_status(request.error))
        return behavior(request, context)

    return handle


def checked_stream(behavior):
    """A request stream: the damaged message raises where the servicer reads it."""

    def handle(request_iterator, context):
        def messages():
            for request in request_iterator:
                if isinstance(request, Undecodable):
                    raise request.error  # the servicer's mapped_errors answers it
                yield request

        return behavior(messages(), context)

    return handle


FACTORIES = {  # (request streaming, response streaming) -> handler factory, behavior attribute
    (False, False): (grpc.unary_unary_rpc_method_handler, "unary_unary"),
    (False, True): (grpc.unary_stream_rpc_method_handler, "unary_stream"),
    (True, False): (grpc.stream_unary_rpc_method_handler, "stream_unary"),
    (True, True): (grpc.stream_stream_rpc_method_handler, "stream_stream"),
}


class DecodeRequests(grpc.ServerInterceptor):
    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.request_deserializer is None:
            return handler
        factory, attribute = FACTORIES[handler.request_streaming, handler.response_streaming]
        check = checked_stream if handler.request_streaming else checked_request
        return factory(
            check(getattr(handler, attribute)),
            request_deserializer=tolerant(handler.request_deserializer),
            response_serializer=handler.response_serializer,
        )


class ApiKeyInterceptor(grpc.ServerInterceptor):
    def __init__(self, keys: list[str]):
        self.keys = keys

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler_call_details.method.startswith(OPEN_PREFIXES):
            return handler
        metadata = dict(handler_call_details.invocation_metadata or ())
        if api_keys.is_valid(metadata.get(api_keys.METADATA_KEY), self.keys):
            return handler
        refused = Unauthenticated(
            f"API key missing or not valid: send it as {api_keys.METADATA_KEY}"
        )

        def refuse(request, context):
            context.abort_with_status(rich_status(refused))

        factory, _ = FACTORIES[handler.request_streaming, handler.response_streaming]
        return factory(refuse)

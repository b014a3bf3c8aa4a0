"""API-key check on every call (metadata ``x-api-key``), on when APILAB_API_KEYS is set.

Health checks and reflection stay open: an orchestrator probing readiness has no key.
"""

from __future__ import annotations

import grpc

from services.common import api_keys

OPEN_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")


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
        return _deny(handler, f"API key missing or not valid: send it as {api_keys.METADATA_KEY}")


def _deny(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    """A handler of the same shape as ``handler`` that answers UNAUTHENTICATED."""

    def refuse(request, context):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    kind = (handler.request_streaming, handler.response_streaming)
    factory = {
        (False, False): grpc.unary_unary_rpc_method_handler,
        (False, True): grpc.unary_stream_rpc_method_handler,
        (True, False): grpc.stream_unary_rpc_method_handler,
        (True, True): grpc.stream_stream_rpc_method_handler,
    }[kind]
    return factory(refuse)

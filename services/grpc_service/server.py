"""The gRPC server: the servicer, health checking, reflection and the API-key interceptor.

Run: ``python -m services.grpc_service --port 50051``; try it with
``python -m services.grpc_service.client --target 127.0.0.1:50051``.
"""

from __future__ import annotations

import logging
import signal
import threading
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from services.contract import prediction_pb2, prediction_pb2_grpc
from services.domain import Predictor

from . import reflection_v1
from .call_limits import StreamingCalls
from .interceptors import ApiKeyInterceptor, DecodeRequests
from .servicer import PredictionServicer
from .settings import GrpcSettings

log = logging.getLogger(__name__)
SERVICE_NAME = prediction_pb2.DESCRIPTOR.services_by_name["PredictionService"].full_name


def limits(settings: GrpcSettings) -> list[tuple[str, int]]:
    """What one client may use: message size, streams at once, time (README: Limits)."""
    return [
        ("grpc.max_receive_message_length", settings.max_body_bytes),  # RESOURCE_EXHAUSTED
        ("grpc.max_send_message_length", settings.max_body_bytes),
        # HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS: a client's extra calls wait their turn
        ("grpc.max_concurrent_streams", settings.max_streams_per_client),
        ("grpc.max_connection_age_ms", round(settings.max_connection_age * 1000)),
        ("grpc.max_connection_age_grace_ms", round(settings.request_timeout * 1000)),
    ]


def create_server(
    address: str, settings: GrpcSettings
) -> tuple[grpc.Server, int, health.HealthServicer]:
    """A started-to-be server bound to ``address`` ("127.0.0.1:0" picks a free port)."""
    service = Predictor(max_batch_rows=settings.max_batch_rows, max_tokens=settings.max_tokens)
    stream_threads = max(1, settings.workers - settings.reserved_workers)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.workers),
        interceptors=[
            *([ApiKeyInterceptor(settings.api_keys)] if settings.api_keys else []),
            StreamingCalls(stream_threads, idle_seconds=settings.request_timeout),
            DecodeRequests(),
        ],
        options=limits(settings),
        # calls waiting for a thread beyond this are refused (RESOURCE_EXHAUSTED), not queued
        maximum_concurrent_rpcs=settings.workers * 8,
    )
    prediction_pb2_grpc.add_PredictionServiceServicer_to_server(
        PredictionServicer(service, settings.token_delay, settings.max_body_bytes), server
    )
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection_v1.enable((SERVICE_NAME, health.SERVICE_NAME), server)  # v1 and v1alpha
    port = server.add_insecure_port(address)
    return server, port, health_servicer


def serve(settings: GrpcSettings) -> None:
    """Serve until SIGTERM/SIGINT, then drain: NOT_SERVING, finish calls within the grace."""
    server, port, health_servicer = create_server(f"{settings.host}:{settings.port}", settings)
    server.start()
    log.info("gRPC PredictionService listening on %s:%d", settings.host, port)
    stopping = threading.Event()
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: stopping.set())
    stopping.wait()
    health_servicer.enter_graceful_shutdown()
    server.stop(settings.grace_seconds).wait()
    log.info("gRPC server stopped")

"""Health, reflection and cancellation (SIGTERM: tests/reliability/test_faults_shutdown.py)."""

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)
from waits import settled

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc
from services.domain import service as service_module
from services.grpc_service.server import create_server
from services.grpc_service.settings import GrpcSettings


def test_health_is_serving(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for name in ("", "prediction.PredictionService"):
        response = health.Check(health_pb2.HealthCheckRequest(service=name))
        assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lets_a_generic_client_find_the_service(channel):
    database = ProtoReflectionDescriptorDatabase(channel)
    assert "prediction.PredictionService" in database.get_services()
    service = database.FindFileContainingSymbol("prediction.PredictionService")
    assert "Predict" in str(service)


def test_cancelling_a_stream_stops_the_generator(monkeypatch, tmp_path):
    produced = []
    real_generate = service_module.generate

    def counting(*args, **kwargs):
        for token in real_generate(*args, **kwargs):
            produced.append(token)
            yield token

    monkeypatch.setattr(service_module, "generate", counting)
    settings = GrpcSettings(db_path=tmp_path / "db.sqlite3", token_delay=0.02)
    server, port, _ = create_server("127.0.0.1:0", settings)
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = prediction_pb2_grpc.PredictionServiceStub(channel)
            call = stub.Generate(pb.GenerateRequest(prompt="An API", max_tokens=500))
            for _ in zip(range(3), call, strict=False):
                pass
            call.cancel()
        stopped_at = settled(lambda: len(produced))  # no new token for a while
        assert stopped_at < 100  # of 500 (10 s): the server stopped soon after the cancel
    finally:
        server.stop(0)

"""The real server's reflection answers both protocol versions to grpcio-reflection's client.

``ProtoReflectionDescriptorDatabase`` is the Python client; it speaks v1alpha, and the
same client is pointed at the v1 method (the messages are identical on the wire).
grpcurl and Postman ask for v1 first, so a v1alpha-only server looks reflection-less.
"""

import grpc
import pytest
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

V1_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


class V1Stub:
    """grpcio-reflection's stub, but calling grpc.reflection.v1 instead of v1alpha."""

    def __init__(self, channel: grpc.Channel):
        self.ServerReflectionInfo = channel.stream_stream(
            V1_METHOD,
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
        )


@pytest.fixture(params=["v1alpha", "v1"])
def database(request, channel):
    database = ProtoReflectionDescriptorDatabase(channel)
    if request.param == "v1":
        database._stub = V1Stub(channel)  # the client's only link to the protocol version
    return database


def test_both_versions_list_every_service(database):
    assert set(database.get_services()) == {
        "prediction.PredictionService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    }


def test_both_versions_describe_the_prediction_service(database):
    proto = database.FindFileContainingSymbol("prediction.PredictionService")
    methods = {method.name for method in proto.service[0].method}
    assert {"Predict", "PredictBatch"} <= methods
    request = database.FindFileContainingSymbol("prediction.PredictionRequest")
    assert request.name == proto.name


def test_the_v1_service_describes_itself_under_its_own_package(database):
    proto = database.FindFileContainingSymbol("grpc.reflection.v1.ServerReflection")
    assert proto.package == "grpc.reflection.v1"
    method = proto.service[0].method[0]
    assert method.input_type == ".grpc.reflection.v1.ServerReflectionRequest"
    assert method.client_streaming and method.server_streaming

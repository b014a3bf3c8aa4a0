"""Server reflection under both names: ``grpc.reflection.v1`` and ``grpc.reflection.v1alpha``.

grpcio-reflection (1.85) implements only v1alpha, but grpcurl, Postman and gRPC-Java's
tools ask for v1 first, and v1alpha is deprecated. The v1 proto is v1alpha's messages,
field for field, under a new package name, and package names never travel on the wire:
the same servicer answers both methods. The v1 file descriptor is published too, so a
client can reflect on the reflection service itself.
"""

from __future__ import annotations

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

SERVICE_NAME = "grpc.reflection.v1.ServerReflection"
ALPHA, V1 = ".grpc.reflection.v1alpha.", ".grpc.reflection.v1."


def v1_file() -> descriptor_pb2.FileDescriptorProto:
    """grpc/reflection/v1/reflection.proto, built from v1alpha's by renaming the package."""
    proto = descriptor_pb2.FileDescriptorProto.FromString(reflection_pb2.DESCRIPTOR.serialized_pb)
    proto.name = "grpc/reflection/v1/reflection.proto"
    proto.package = "grpc.reflection.v1"
    proto.options.java_package = "io.grpc.reflection.v1"
    proto.options.go_package = "google.golang.org/grpc/reflection/grpc_reflection_v1"
    for message in proto.message_type:
        for field in message.field:
            if field.HasField("type_name"):  # messages only: scalars have no type name
                field.type_name = field.type_name.replace(ALPHA, V1)
    for method in proto.service[0].method:
        method.input_type = method.input_type.replace(ALPHA, V1)
        method.output_type = method.output_type.replace(ALPHA, V1)
    return proto


def enable(service_names: tuple[str, ...], server: grpc.Server) -> None:
    """Reflection for ``service_names`` and both reflection services, on ``server``."""
    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName("grpc/reflection/v1/reflection.proto")
    except KeyError:  # once per process: several servers may share it (the tests)
        pool.AddSerializedFile(v1_file().SerializeToString())
    servicer = reflection.ReflectionServicer(
        (*service_names, reflection.SERVICE_NAME, SERVICE_NAME), pool=pool
    )
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(servicer, server)
    v1_method = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    handler = grpc.method_handlers_generic_handler(
        SERVICE_NAME, {"ServerReflectionInfo": v1_method}
    )
    server.add_generic_rpc_handlers((handler,))

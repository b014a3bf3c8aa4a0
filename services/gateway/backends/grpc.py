"""A tabular model of the gRPC service as a chat model: the same translation, over gRPC.

A deployment URL ``grpc://127.0.0.1:50051`` makes the gateway call
``PredictionService.Predict`` (chat, converse), ``PredictBatch`` (Vertex instances) and,
for Bedrock invoke, ``Predict`` with the body read as a ``PredictionRequest`` in its JSON
form (``{"features": [...]}``). gRPC status codes become the gateway's errors:
UNAVAILABLE is a connection failure (another deployment may answer), INVALID_ARGUMENT the
caller's mistake, anything else a 502.
"""

from __future__ import annotations

import grpc
from google.protobuf import json_format

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc
from services.domain.errors import FieldViolation, InvalidInput

from . import Backend, BackendFailed, Reply, Unreachable
from .rest import parse_features


class GrpcClassifier(Backend):
    owned_by = "apilab-grpc"

    def __init__(self, model_id: str, grpc_model_id: str, target: str, timeout: float):
        super().__init__(model_id, f"grpc://{target}")
        self.grpc_model_id = grpc_model_id
        self.target = target
        self.channel: grpc.aio.Channel | None = None  # made on the server's event loop
        self.timeout = timeout

    async def _call(self, name: str, request):
        if self.channel is None:
            self.channel = grpc.aio.insecure_channel(self.target)
            self.stub = prediction_pb2_grpc.PredictionServiceStub(self.channel)
        method = getattr(self.stub, name)
        try:
            return await method(request, timeout=self.timeout)
        except grpc.aio.AioRpcError as error:
            code, details = error.code(), error.details() or error.code().name
            if code == grpc.StatusCode.UNAVAILABLE:
                raise Unreachable(f"{self.name} is unreachable: {details}") from error
            if code == grpc.StatusCode.INVALID_ARGUMENT:
                raise InvalidInput(details, [FieldViolation("messages", details)]) from error
            raise BackendFailed(f"{self.name} answered {code.name}: {details}") from error

    async def complete(self, prompt: str, max_tokens: int, seed: int, ignore_eos=False) -> Reply:
        request = pb.PredictionRequest(features=parse_features(prompt), model_id=self.grpc_model_id)
        response = await self._call("Predict", request)
        return Reply(f"{response.label} (score {response.score:.3f})", "stop")

    async def invoke(self, body: object) -> dict:
        request = pb.PredictionRequest()
        try:
            json_format.ParseDict(body, request)
        except (json_format.ParseError, AttributeError, TypeError) as error:
            message = f"not a prediction.PredictionRequest in JSON: {error}"
            raise InvalidInput(message, [FieldViolation("body", message)]) from None
        request.model_id = self.grpc_model_id
        response = await self._call("Predict", request)
        return json_format.MessageToDict(response, preserving_proto_field_name=True)

    async def predict(self, instances: list, parameters: dict) -> list:
        width = len(instances[0]) if instances and isinstance(instances[0], list) else 0
        if not width or any(not isinstance(row, list) or len(row) != width for row in instances):
            message = "instances: expected rows of numbers, all of one length"
            raise InvalidInput(message, [FieldViolation("instances", message)])
        values = [value for row in instances for value in row]
        request = pb.PredictionBatch(model_id=self.grpc_model_id, n_features=width)
        try:
            request.values.extend(values)
        except TypeError as error:
            raise InvalidInput(
                f"instances: {error}", [FieldViolation("instances", str(error))]
            ) from None
        result = await self._call("PredictBatch", request)
        return [
            {"label": label, "score": score}
            for label, score in zip(result.labels, result.scores, strict=True)
        ]

    async def close(self) -> None:
        if self.channel is not None:
            await self.channel.close()

"""PredictionService's rpcs, each mapped onto the one domain service layer."""

from __future__ import annotations

import time

import numpy as np

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc
from services.domain import PredictionService
from services.domain.errors import FieldViolation, InvalidFeatures

from .errors import mapped_errors


def _timed(context, started: float) -> None:
    """Handler time in trailing metadata: client latency minus this = protocol overhead."""
    elapsed_ms = (time.perf_counter() - started) * 1000
    context.set_trailing_metadata((("server-timing", f"handler;dur={elapsed_ms:.3f}"),))


def _response(prediction, row: int, version: str) -> pb.PredictionResponse:
    return pb.PredictionResponse(
        score=prediction.score, label=prediction.label, row=row, model_version=version
    )


class PredictionServicer(prediction_pb2_grpc.PredictionServiceServicer):
    def __init__(self, service: PredictionService, token_delay: float = 0.0):
        self.service = service
        self.token_delay = token_delay

    def Predict(self, request, context):
        started = time.perf_counter()
        with mapped_errors(context):
            model = self.service.get_model(request.model_id)
            prediction = self.service.predict(request.model_id, list(request.features))
            _timed(context, started)
            return _response(prediction, 0, model.version)

    def PredictStream(self, request, context):
        with mapped_errors(context):
            model = self.service.get_model(request.model_id)
            values, n = list(request.features), model.n_features
            if not values or len(values) % n:
                message = (
                    f"expected a multiple of {n} features (rows back to back), got {len(values)}"
                )
                raise InvalidFeatures(message, [FieldViolation("features", message)])
            rows = (values[i : i + n] for i in range(0, len(values), n))
            for row, prediction in enumerate(self.service.stream_predictions(model.id, rows)):
                if not context.is_active():  # the client cancelled: stop computing
                    return
                yield _response(prediction, row, model.version)

    def PredictCollect(self, request_iterator, context):
        with mapped_errors(context):
            requests = list(request_iterator)
            model_id = requests[0].model_id if requests else ""
            result = self.service.predict_batch(model_id, [list(r.features) for r in requests])
            return pb.BatchResult(
                model_id=result.model_id, labels=result.labels, scores=result.scores
            )

    def PredictInteractive(self, request_iterator, context):
        with mapped_errors(context):
            for row, request in enumerate(request_iterator):
                model = self.service.get_model(request.model_id)
                prediction = self.service.predict(model.id, list(request.features))
                yield _response(prediction, row, model.version)

    def PredictBatch(self, request, context):
        started = time.perf_counter()
        with mapped_errors(context):
            model = self.service.get_model(request.model_id)
            values = np.asarray(request.values, dtype=np.float32)
            n = request.n_features or model.n_features
            if values.size % n:
                message = f"{values.size} values do not make rows of n_features={n}"
                raise InvalidFeatures(message, [FieldViolation("values", message)])
            result = self.service.predict_batch(model.id, values.reshape(-1, n))
            _timed(context, started)
            return pb.BatchResult(
                model_id=result.model_id, labels=result.labels, scores=result.scores
            )

    def Generate(self, request, context):
        with mapped_errors(context):
            tokens = self.service.generate_tokens(
                request.prompt, request.max_tokens or 32, request.seed, self.token_delay
            )
            for index, token in enumerate(tokens):
                if not context.is_active():
                    return
                yield pb.Token(text=token, index=index)

    def ListModels(self, request, context):
        models = [pb.Model(**m) for m in self.service.list_models()]
        return pb.ListModelsResponse(models=models)

    def GetModel(self, request, context):
        with mapped_errors(context):
            return pb.Model(**self.service.describe_model(request.model_id))

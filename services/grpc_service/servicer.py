"""The rpcs of prediction.proto's PredictionService: each one call to the domain's Predictor.

Nothing is stored: ``Predict`` is prediction without storage (REST's POST /predictions
is the stored one).
"""

from __future__ import annotations

import time

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc
from services.domain import Predictor
from services.domain.errors import FieldViolation, InvalidFeatures, InvalidInput
from services.wire.errors import PayloadTooLarge
from services.wire.formats.protobuf import batch_rows

from .errors import mapped_errors


def collect(requests, max_rows: int, max_bytes: int) -> tuple[str, list[list[float]]]:
    """The rows of a request stream, counted as they arrive: the limits stop it early.

    ``list(request_iterator)`` first kept every message: 150 messages of 1 MiB took the
    server from 98 to 1,770 MB before any row was checked.
    """
    model_id, rows, received = "", [], 0
    for request in requests:
        received += request.ByteSize()
        if received > max_bytes:
            raise PayloadTooLarge(f"the request stream is over {max_bytes} bytes")
        if len(rows) == max_rows:
            message = f"at most {max_rows} rows per call"
            raise InvalidInput(message, [FieldViolation("features", message)])
        model_id = model_id or request.model_id
        rows.append(list(request.features))
    return model_id, rows


def _timed(context, started: float) -> None:
    """Handler time in trailing metadata: client latency minus this = protocol overhead."""
    elapsed_ms = (time.perf_counter() - started) * 1000
    context.set_trailing_metadata((("server-timing", f"handler;dur={elapsed_ms:.3f}"),))


def _response(prediction, row: int) -> pb.PredictionResponse:
    return pb.PredictionResponse(
        score=prediction.score,
        label=prediction.label,
        row=row,
        model_version=prediction.model_version,
    )


class PredictionServicer(prediction_pb2_grpc.PredictionServiceServicer):
    def __init__(self, service: Predictor, token_delay: float = 0.0, max_bytes: int = 16 << 20):
        self.service = service
        self.token_delay = token_delay
        self.max_bytes = max_bytes  # request bytes a PredictCollect call may send in all

    def Predict(self, request, context):
        started = time.perf_counter()
        with mapped_errors(context):
            prediction = self.service.predict(request.model_id, list(request.features))
            _timed(context, started)
            return _response(prediction, 0)

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
                yield _response(prediction, row)

    def PredictCollect(self, request_iterator, context):
        with mapped_errors(context):
            model_id, rows = collect(request_iterator, self.service.max_batch_rows, self.max_bytes)
            result = self.service.predict_batch(model_id, rows)
            return pb.BatchResult(
                model_id=result.model_id, labels=result.labels, scores=result.scores
            )

    def PredictInteractive(self, request_iterator, context):
        with mapped_errors(context):
            for row, request in enumerate(request_iterator):
                prediction = self.service.predict(request.model_id, list(request.features))
                yield _response(prediction, row)

    def PredictBatch(self, request, context):
        started = time.perf_counter()
        with mapped_errors(context):
            model = self.service.get_model(request.model_id)  # its feature count shapes the rows
            result = self.service.predict_batch(model.id, batch_rows(request, model.n_features))
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

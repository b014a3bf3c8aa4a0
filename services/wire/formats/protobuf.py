"""Protobuf: the .proto's PredictionBatch (packed row-major floats) and BatchResult.

``batch_rows`` is the one decoder of a PredictionBatch: the REST codec below and the gRPC
``PredictBatch`` rpc both use it.
"""

from __future__ import annotations

import numpy as np
from google.protobuf.message import DecodeError

from services.contract import prediction_pb2 as pb
from services.domain.errors import FieldViolation, InvalidFeatures
from services.domain.service import BatchResult

from .base import Codec


def batch_rows(batch: pb.PredictionBatch, n_features: int) -> np.ndarray:
    """The batch's rows; ``batch.n_features`` wins over the model's ``n_features``."""
    values = np.asarray(batch.values, dtype=np.float32)
    n = batch.n_features or n_features
    if values.size % n:
        message = f"{values.size} values do not make rows of n_features={n}"
        raise InvalidFeatures(message, [FieldViolation("values", message)])
    return values.reshape(-1, n)


class ProtobufCodec(Codec):
    media_type, name = "application/x-protobuf", "Protobuf"

    def encode_rows(self, rows, feature_names, model_id: str = ""):
        matrix = np.asarray(rows, dtype=np.float32).reshape(-1, len(feature_names))
        batch = pb.PredictionBatch(
            model_id=model_id, n_features=len(feature_names), values=matrix.ravel().tolist()
        )
        return batch.SerializeToString()

    def decode_rows(self, data, feature_names):
        batch = pb.PredictionBatch()
        try:
            batch.ParseFromString(data)
        except DecodeError as error:
            raise self.malformed(error) from None
        try:
            return batch_rows(batch, len(feature_names))
        except InvalidFeatures as error:  # a body that does not make rows is malformed here
            raise self.malformed(error.message) from None

    def encode_result(self, result):
        message = pb.BatchResult(
            model_id=result.model_id, labels=result.labels, scores=result.scores
        )
        return message.SerializeToString()

    def decode_result(self, data):
        message = pb.BatchResult.FromString(data)
        return BatchResult(message.model_id, list(message.labels), list(message.scores))

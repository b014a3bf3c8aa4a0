"""Protobuf: the .proto's PredictionBatch (packed row-major floats) and BatchResult."""

from __future__ import annotations

import numpy as np
from google.protobuf.message import DecodeError

from services.contract import prediction_pb2 as pb

from .base import Codec, Result


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
        values = np.asarray(batch.values, dtype=np.float32)
        n = batch.n_features or len(feature_names)
        if values.size % n:
            raise self.malformed(f"{values.size} values do not make rows of n_features={n}")
        return values.reshape(-1, n)

    def encode_result(self, result):
        message = pb.BatchResult(
            model_id=result.model_id, labels=result.labels, scores=result.scores
        )
        return message.SerializeToString()

    def decode_result(self, data):
        message = pb.BatchResult.FromString(data)
        return Result(message.model_id, list(message.labels), list(message.scores))

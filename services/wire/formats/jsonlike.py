"""JSON and MessagePack: the same document, ``{"rows": [[...], ...]}``, as text or binary.

Requests are parsed with the stdlib ``json`` (the REST services parse every JSON body
with it, so the errors read the same); results are written with ``orjson``, several
times faster on large batches and exact for floats.
"""

from __future__ import annotations

import msgpack
import numpy as np
import orjson

from services.domain.service import BatchResult
from services.wire.schemas import BatchIn, decode_json, validate

from .base import Codec


class JsonCodec(Codec):
    media_type, name, binary = "application/json", "JSON", False

    def load(self, data: bytes):
        return decode_json(data)  # the same parser and messages as every JSON body

    def dump(self, document) -> bytes:
        return orjson.dumps(document, option=orjson.OPT_SERIALIZE_NUMPY)

    def encode_rows(self, rows, feature_names):
        # orjson writes each float32 in its shortest exact form ("17.99", not 17.989999771...)
        return self.dump({"rows": np.asarray(rows, dtype=np.float32)})

    def decode_rows(self, data, feature_names):
        return validate(BatchIn, self.load(data)).rows  # a list: the domain names each bad cell

    def encode_result(self, result):
        pairs = zip(result.labels, result.scores, strict=True)
        predictions = [{"label": label, "score": score} for label, score in pairs]
        return self.dump({"model_id": result.model_id, "predictions": predictions})

    def decode_result(self, data):
        document = self.load(data)
        predictions = document["predictions"]
        return BatchResult(
            document["model_id"],
            [p["label"] for p in predictions],
            [p["score"] for p in predictions],
        )


class MsgpackCodec(JsonCodec):
    media_type, name, binary = "application/msgpack", "MessagePack", True

    def load(self, data: bytes):
        try:
            return msgpack.unpackb(data, raw=False, strict_map_key=True)
        except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError) as error:
            raise self.malformed(error or "truncated") from None

    def dump(self, document) -> bytes:
        return msgpack.packb(document, use_single_float=False)

    def encode_rows(self, rows, feature_names):
        return msgpack.packb(
            {"rows": np.asarray(rows, dtype=np.float32).tolist()}, use_single_float=True
        )

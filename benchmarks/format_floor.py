"""The floor of each data format: what its own fast library needs for the same batch.

For every format and batch size of the benchmark's batch route, the same request bytes
(``payloads.batch_body``) are decoded by the format's library straight into a float32
matrix, and the model's numpy arithmetic runs on it (``predict_proba``): no validation,
no negotiation, no HTTP. The route (HTTP included) divided by this floor is what the
repository adds to the format. ``answer_ms`` is the same library writing the route's
answer (labels and scores), reported apart: the floor as defined leaves it out.

    python -m benchmarks.format_floor     # prints the table
"""

from __future__ import annotations

import io
import statistics
import time
from xml.etree import ElementTree  # noqa: S405 - our own bytes; the route parses with defusedxml

import fastavro
import msgpack
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from benchmarks.payloads import batch_body
from services.contract import prediction_pb2 as pb
from services.domain.models import load_models
from services.domain.service import BatchResult
from services.wire.formats import CODECS

MODEL = "breast-cancer"


def _table_matrix(table: pa.Table) -> np.ndarray:
    return np.column_stack([column.to_numpy() for column in table.columns]).astype(np.float32)


DECODERS = {
    "JSON": lambda b: np.array(orjson.loads(b)["rows"], dtype=np.float32),
    "MessagePack": lambda b: np.array(msgpack.unpackb(b)["rows"], dtype=np.float32),
    "CSV": lambda b: _table_matrix(pa_csv.read_csv(pa.py_buffer(b))),
    "Parquet": lambda b: _table_matrix(pq.read_table(pa.py_buffer(b))),
    "Avro": lambda b: np.array(
        [list(r.values()) for r in fastavro.reader(io.BytesIO(b))], dtype=np.float32
    ),
    "Protobuf": lambda b: np.array(pb.PredictionBatch.FromString(b).values, np.float32),
    # the standard library's parser (expat, in C); numpy converts the texts
    "XML": lambda b: np.array(
        [cell.text for row in ElementTree.fromstring(b) for cell in row],  # noqa: S314
        dtype=np.float32,
    ),
}


def median_ms(function, budget_s: float = 0.25) -> float:
    times, deadline = [], time.perf_counter() + budget_s
    while len(times) < 5 or time.perf_counter() < deadline:
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def cell(name: str, rows: int, body: bytes, media_type: str) -> dict:
    """One format's body of ``rows`` rows: its floor and its answer, in ms (medians)."""
    model = load_models()[MODEL]
    decode, n = DECODERS[name], model.n_features

    def floor(body: bytes):
        return model.predict_proba(decode(body).reshape(-1, n))  # float32 in, as the route's

    proba = floor(body)
    classes = np.array(model.classes, dtype=object)
    answer = BatchResult(MODEL, classes[proba.argmax(axis=1)].tolist(), proba.max(axis=1).tolist())
    codec = CODECS[media_type]
    return {
        "format": name,
        "batch_rows": rows,
        "floor_ms": round(median_ms(lambda: floor(body)), 4),
        "answer_ms": round(median_ms(lambda: codec.encode_result(answer)), 4),
    }


def measure(sizes=(1, 100, 10_000)) -> list[dict]:
    return [cell(name, rows, *batch_body(name, rows)) for rows in sizes for name in DECODERS]


if __name__ == "__main__":
    for result in measure():
        print(result)

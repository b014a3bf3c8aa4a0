"""h2load (C, from Debian's nghttp2-client): gRPC and REST over HTTP/2, without Python.

gRPC as a C client meets it: one pre-built gRPC message (a 5-byte frame header, then the
protobuf) per request, for unary ``Predict``, ``PredictBatch`` and the 32-token
``Generate`` stream (a stream counts once, when it ends); no gevent bridge. The same
``h2load_post`` sends REST bodies over cleartext HTTP/2 (``http2_rest.py``). C clients
read a body from a file: ``body_file`` writes it and removes it afterwards.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import struct
import tempfile
from pathlib import Path

from benchmarks.payloads import PROMPT, dataset_rows

ROW = dataset_rows("iris")[0]
GRPC = "/prediction.PredictionService/"


def grpc_message(kind: str) -> tuple[str, bytes]:
    """The rpc path and its gRPC-framed request body (uncompressed, length-prefixed)."""
    from services.contract import prediction_pb2 as pb

    message = {
        "grpc_predict": ("Predict", pb.PredictionRequest(model_id="iris", features=ROW)),
        "grpc_batch": (
            "PredictBatch",
            pb.PredictionBatch(model_id="iris", n_features=len(ROW), values=ROW),
        ),
        "grpc_generate": ("Generate", pb.GenerateRequest(**PROMPT)),
    }[kind]
    payload = message[1].SerializeToString()
    return GRPC + message[0], b"\x00" + struct.pack(">I", len(payload)) + payload


def h2load_post(
    url: str, body_file: str, headers: list[str], seconds: float, connections: int, streams=1
) -> list[str]:
    """h2load POSTing ``body_file`` to ``url`` over cleartext HTTP/2 for ``seconds``."""
    return [shutil.which("h2load") or "h2load", "-D", f"{seconds:g}", "-c", str(connections),
            "-m", str(streams), "-t", "1", "-d", body_file,
            *(arg for header in headers for arg in ("-H", header)), url]  # fmt: skip


@contextlib.contextmanager
def h2load_command(kind: str, address: str, seconds: float, connections: int, streams: int = 1):
    """h2load calling the gRPC method of ``kind``; its body file is gone after the block."""
    path, body = grpc_message(kind)
    headers = ["content-type: application/grpc", "te: trailers"]
    with body_file(body) as file:
        yield h2load_post(f"http://{address}{path}", file, headers, seconds, connections, streams)


def parse_h2load(text: str) -> dict:
    """Requests, failures, rate and latency from h2load's summary (it gives no percentiles)."""
    done, ok = (int(n) for n in re.search(r"(\d+) done, (\d+) succeeded", text).groups())
    seconds = float(re.search(r"finished in ([\d.]+)s", text).group(1))
    units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
    row = re.search(
        r"time for request:\s+(\S+?)(us|ms|s)\s+(\S+?)(us|ms|s)\s+(\S+?)(us|ms|s)", text
    )
    mean = float(row.group(5)) * units[row.group(6)]
    return {
        "requests": done,
        "errors": done - ok,
        "seconds": seconds,
        "rps": float(re.search(r"([\d.]+) req/s", text).group(1)),
        "p50_ms": mean,
        "p99_ms": float(row.group(3)) * units[row.group(4)],  # the max: h2load has no p99
    }


@contextlib.contextmanager
def body_file(body: bytes):
    """``body`` in a temporary file for a C client (h2load's -d, wrk's script), then gone."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "body"
        path.write_bytes(body)
        yield str(path)

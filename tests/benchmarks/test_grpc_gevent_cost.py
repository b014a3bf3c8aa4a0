"""The gevent-bridge measurement runs against a real gRPC service and times both clients."""

import re
import subprocess
import sys
from pathlib import Path

from waits import scaled

ROOT = Path(__file__).resolve().parents[2]


def test_it_times_unary_and_stream_calls_with_threads_and_under_gevent():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.grpc_gevent_cost"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=scaled(180),
        check=True,
    )
    rows = re.findall(
        r"^(threads|gevent) +(unary Predict|Generate, 32 tokens) +p50 +([\d.]+) ms$",
        result.stdout,
        re.M,
    )
    assert [(mode, call) for mode, call, _ in rows] == [
        ("threads", "unary Predict"),
        ("threads", "Generate, 32 tokens"),
        ("gevent", "unary Predict"),
        ("gevent", "Generate, 32 tokens"),
    ]
    assert all(float(ms) > 0 for *_, ms in rows)

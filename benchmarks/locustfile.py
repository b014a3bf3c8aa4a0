"""Every Locust user of the benchmark; ``benchmarks/run.py`` picks them by name.

Run one by hand against a running service (the runner does this, and more, for you):
    locust -f benchmarks/locustfile.py --headless -u 8 -t 20s \
        --host http://127.0.0.1:8000 RestCreatePrediction
"""

from __future__ import annotations

import locust.runners

from benchmarks.http_users import HttpFloor, RestBatchPredictions, RestCreatePrediction, SseGenerate
from benchmarks.protocol_users import (
    GrpcGenerate,
    GrpcPredict,
    WebSocketConnectPredict,
    WebSocketGenerate,
    WebSocketPredict,
)
from benchmarks.tcp_users import TcpEcho

# Locust warns when its own CPU is high, but checks only every 10 s: silent in short runs.
locust.runners.CPU_MONITOR_INTERVAL = 1.0

__all__ = [
    "GrpcGenerate",
    "GrpcPredict",
    "HttpFloor",
    "RestBatchPredictions",
    "RestCreatePrediction",
    "SseGenerate",
    "TcpEcho",
    "WebSocketConnectPredict",
    "WebSocketGenerate",
    "WebSocketPredict",
]

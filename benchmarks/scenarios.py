"""What the benchmark measures: every scenario, the service it loads and how.

Four groups, read together:
- protocol: one prediction per request, the same iris row on every protocol;
- stream: 32 generated tokens for a fixed prompt and seed (time to first and last token);
- floor: the cheapest round trips on this machine (TCP echo, an HTTP no-op route);
- format: one FastAPI batch route, 1 / 100 / 10,000 breast-cancer rows in seven formats,
  the answer in the same format as the request.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("JSON", "CSV", "Parquet", "Avro", "Protobuf", "MessagePack", "XML")
BATCH_SIZES = (1, 100, 10_000)
# no imposed pace (measure the protocol, not a sleep); every user comes from 127.0.0.1,
# so the per-address stream cap (a guard against one greedy client) is lifted
STREAMS = (("APILAB_TOKEN_DELAY", "0"), ("APILAB_MAX_STREAMS_PER_CLIENT", "1024"))
NO_DEFLATE = (("APILAB_WS_COMPRESSION", "false"),)  # permessage-deflate off on both ends


@dataclass(frozen=True)
class Scenario:
    key: str  # file names: <key>.json, <key>_stats.csv
    label: str
    group: str  # protocol | stream | floor | format
    service: str  # services.<service>, or a dotted module of its own
    user_class: str  # in benchmarks/locustfile.py
    host: str = "http://{address}"  # Locust's --host, given the service's address
    ready_path: str | None = "/readyz"
    env: tuple = ()  # the service's environment
    user_env: tuple = ()  # the load generator's environment (BENCH_FORMAT, BENCH_ROWS)
    ceiling: str | None = None  # kind for benchmarks.ceilings: an independent client
    format: str = "JSON"
    batch_rows: int = 1
    steps: str | None = None  # users per throughput step; None: the run's default
    repeats: int | None = None  # at most this many repeats; None: the run's (BENCH_REPEATS)


SCENARIOS = [
    Scenario(
        "flask-predict",
        "Flask · POST /predictions",
        "protocol",
        "flask_rest",
        "RestCreatePrediction",
        ceiling="rest_predict",
    ),
    Scenario(
        "fastapi-predict",
        "FastAPI · POST /predictions",
        "protocol",
        "fastapi_rest",
        "RestCreatePrediction",
        ceiling="rest_predict",
    ),
    Scenario(
        "grpc-predict",
        "gRPC · unary Predict",
        "protocol",
        "grpc_service",
        "GrpcPredict",
        host="{address}",
        ready_path=None,
        format="Protobuf",
        ceiling="grpc_predict",
    ),
    Scenario(
        "websocket-predict",
        "WebSocket · predict message",
        "protocol",
        "websocket_service",
        "WebSocketPredict",
        host="ws://{address}/ws",
        env=NO_DEFLATE,
        ceiling="websocket_predict",
    ),
    Scenario(
        "websocket-connect",
        "WebSocket · connect + predict + close",
        "protocol",
        "websocket_service",
        "WebSocketConnectPredict",
        host="ws://{address}/ws",
        env=NO_DEFLATE,
    ),
    Scenario(
        "sse-generate",
        "SSE · POST /generate",
        "stream",
        "sse_service",
        "SseGenerate",
        env=STREAMS,
        ceiling="sse_generate",
    ),
    Scenario(
        "websocket-generate",
        "WebSocket · generate message",
        "stream",
        "websocket_service",
        "WebSocketGenerate",
        host="ws://{address}/ws",
        env=STREAMS + NO_DEFLATE,
    ),
    Scenario(
        "grpc-generate",
        "gRPC · Generate stream",
        "stream",
        "grpc_service",
        "GrpcGenerate",
        host="{address}",
        ready_path=None,
        env=STREAMS,
        format="Protobuf",
    ),
    Scenario(
        "floor-tcp",
        "floor · TCP echo, 64 bytes",
        "floor",
        "benchmarks.echo_server",
        "TcpEcho",
        host="tcp://{address}",
        ready_path=None,
        format="bytes",
    ),
    Scenario(
        "floor-http",
        "floor · FastAPI GET /healthz",
        "floor",
        "fastapi_rest",
        "HttpFloor",
    ),
] + [
    Scenario(
        f"batch-{fmt.lower()}-{rows}",
        f"FastAPI · batch {fmt} × {rows:,}",
        "format",
        "fastapi_rest",
        "RestBatchPredictions",
        user_env=(("BENCH_FORMAT", fmt), ("BENCH_ROWS", str(rows))),
        format=fmt,
        batch_rows=rows,
        steps="4",
        repeats=2,  # the studies time this route with wrk; Locust's figures are the aside
    )
    for rows in BATCH_SIZES
    for fmt in FORMATS
]

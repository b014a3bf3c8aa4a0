"""What Locust's gRPC client adds: the same calls with plain threads and under gevent.

Locust runs users as gevent greenlets, so its gRPC users drive the sync stub through
``grpc.experimental.gevent``. That bridge costs time per message, which the benchmark's
gRPC latencies include. This measures it on an idle server, one call at a time, in two
client processes (gevent must patch a process before gRPC is imported).

Usage: ``python -m benchmarks.grpc_gevent_cost`` (starts its own gRPC service).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

CALLS, WARMUP = 200, 20


def client(target: str, mode: str) -> None:
    """One client process: p50 of a unary call and of a 32-token stream."""
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        import grpc.experimental.gevent

        grpc.experimental.gevent.init_gevent()
    import grpc

    from benchmarks.payloads import PROMPT
    from services.contract import prediction_pb2 as pb
    from services.contract import prediction_pb2_grpc

    channel = grpc.insecure_channel(target)
    grpc.channel_ready_future(channel).result(timeout=10)
    stub = prediction_pb2_grpc.PredictionServiceStub(channel)
    calls = {
        "unary Predict": lambda: stub.Predict(
            pb.PredictionRequest(features=[5.1, 3.5, 1.4, 0.2], model_id="iris")
        ),
        "Generate, 32 tokens": lambda: list(stub.Generate(pb.GenerateRequest(**PROMPT))),
    }
    for name, call in calls.items():
        times = []
        for _ in range(WARMUP + CALLS):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        print(f"{mode:8} {name:20} p50 {1000 * statistics.median(times[WARMUP:]):6.2f} ms")


def main() -> None:
    from services.common.launch import launch

    with launch("grpc_service", env={"APILAB_TOKEN_DELAY": "0"}, ready_path=None) as service:
        for mode in ("threads", "gevent"):
            command = [sys.executable, "-m", __spec__.name, f"127.0.0.1:{service.port}", mode]
            env = {**os.environ, "PYTHONPATH": os.getcwd()}
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    if len(sys.argv) == 3:  # started by main(): TARGET MODE
        client(*sys.argv[1:])
    else:
        main()

"""Throughput ceilings: the same route under an independent, faster client than Locust.

``wrk`` (C) loads HTTP routes, ``h2load`` (C, nghttp2) loads gRPC, a raw-frame client
(``fast_clients.py``) loads WebSocket; the asyncio clients of ``asyncio_clients.py``
load SSE, and stand in where a C tool is missing. The client runs as its own process,
pinned to the given cores; its CPU and, given ``server_pid``, the server's are sampled
over the run, so a ceiling says whether it saturated the server:

    ceiling("rest_predict", "http://127.0.0.1:8000", seconds=3, connections=16, cpus={1})
    -> {"tool": "wrk", "requests", "errors", "rps", "p50_ms", "p99_ms", "client_cpu_percent",
        "server_cpu_percent"}
CLI: ``python -m benchmarks.ceilings rest_predict http://127.0.0.1:8000 --seconds 5``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

from benchmarks.measure import CpuMeter
from services.common.launch import ROOT

SERVER_CPUS, CLIENT_CPUS = {0}, {1}  # every study: the server on core 0, its client on 1
WRK_KINDS = {
    "rest_predict": "benchmarks/wrk_predict.lua",
    "healthz": None,  # GET /healthz: the framework's floor on the same server
    "ladder_domain": "benchmarks/wrk_predict.lua",  # the plain apps' rungs (plain_apps.py)
    "ladder_store": "benchmarks/wrk_predict.lua",
    "batch_json_1": "benchmarks/wrk_batch.lua",
    "batch_protobuf_1": "benchmarks/wrk_batch.lua",
}
H2LOAD_KINDS = {"grpc_predict", "grpc_batch", "grpc_generate"}
H2_REST_KINDS = {"batch_protobuf_1_h2"}  # wrk_batch.lua's request over HTTP/2 (http2_rest.py)
# grpcio's server needs more calls in flight than connections to fill its core
H2LOAD_STREAMS = 4
UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _run(command, cpus, server_pid=None, env=None) -> tuple[str, float, float | None]:
    """Run a client to completion; its stdout, its CPU use and the server's (% of a core)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # noqa: PLW1509
    )
    meter, percent = CpuMeter(process.pid), 0.0
    server, server_percent = (CpuMeter(server_pid) if server_pid else None), None
    while process.poll() is None:
        time.sleep(0.2)
        try:
            percent = meter.percent()
            server_percent = server.percent() if server else None
        except Exception:  # noqa: BLE001 - the process ended between poll and sample
            break
    out, err = process.communicate()
    if process.returncode:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {err[-2000:]}")
    return out, percent, server_percent


def parse_wrk(text: str) -> dict:
    """Requests, errors, rate and latency percentiles from ``wrk --latency`` output."""

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
        return float(value) * UNITS_MS[unit]

    requests, seconds = re.search(r"(\d+) requests in ([\d.]+)s", text).groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {
        "requests": int(requests),
        "errors": errors,
        "seconds": float(seconds),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
    }


def one_row_body(kind: str) -> tuple[bytes, str]:
    """wrk_batch.lua's body: one iris row in the kind's format (batch_json_1, ...)."""
    from benchmarks.h2load import ROW
    from services.domain.models import load_models
    from services.wire.formats import CODECS

    codec = next(c for c in CODECS.values() if c.name.lower() == kind.split("_")[1])
    return codec.encode_rows([ROW], list(load_models()["iris"].feature_names)), codec.media_type


@contextlib.contextmanager
def one_row_body_file(kind: str):
    """The body in a file for the C clients (BENCH_BODY, BENCH_MEDIA), gone afterwards."""
    from benchmarks.h2load import body_file

    body, media_type = one_row_body(kind)
    with body_file(body) as path:
        yield {"BENCH_BODY": path, "BENCH_MEDIA": media_type}


def ceiling(
    kind: str, url: str, *, seconds: float, connections: int, cpus=None, server_pid=None
) -> dict:
    wrk, h2load = shutil.which("wrk"), shutil.which("h2load")
    address = url.split("://")[-1].split("/")[0]
    env = None
    files = contextlib.ExitStack()  # a body file lives until the client is done
    if kind in WRK_KINDS and wrk:
        script = ["-s", WRK_KINDS[kind]] if WRK_KINDS[kind] else []
        target = url + "/healthz" if kind == "healthz" else url
        command = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency",
                   *script, target]  # fmt: skip
        env = files.enter_context(one_row_body_file(kind)) if kind.startswith("batch") else None
        if kind.startswith("ladder_"):
            env = {"BENCH_PATH": "/ladder/" + kind.removeprefix("ladder_")}
        parse, tool = parse_wrk, "wrk"
    elif kind in H2_REST_KINDS and h2load:
        from benchmarks.h2load import h2load_post, parse_h2load

        body = files.enter_context(one_row_body_file(kind.removesuffix("_h2")))
        media = body["BENCH_MEDIA"]
        headers = [f"content-type: {media}", f"accept: {media}"]
        target = f"{url}/batch-predictions?model_id=iris"  # one call in flight, as wrk's
        command = h2load_post(target, body["BENCH_BODY"], headers, seconds, connections)
        parse, tool = parse_h2load, "h2load"
    elif kind in H2LOAD_KINDS and h2load:
        from benchmarks.h2load import h2load_command, parse_h2load

        command = files.enter_context(
            h2load_command(kind, address, seconds, connections, H2LOAD_STREAMS)
        )
        parse, tool = parse_h2load, "h2load"
    elif kind == "websocket_predict":
        command = [sys.executable, "-m", "benchmarks.fast_clients", "ws", address,
                   "--seconds", str(seconds), "--connections", str(connections * 4)]  # fmt: skip
        parse, tool = json.loads, "raw-frame client"
    else:
        command = [sys.executable, "-m", "benchmarks.asyncio_clients", kind, url,
                   "--seconds", str(seconds), "--connections", str(connections)]  # fmt: skip
        parse, tool = json.loads, "asyncio"
    with files:
        out, cpu, server_cpu = _run(command, cpus, server_pid, env)
    result = {"tool": tool, **parse(out), "client_cpu_percent": round(cpu, 1)}
    if server_cpu is not None:
        result["server_cpu_percent"] = round(server_cpu, 1)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind")
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    print(
        json.dumps(ceiling(args.kind, args.url, seconds=args.seconds, connections=args.connections))
    )

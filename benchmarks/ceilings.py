"""Throughput ceilings: the same route under an independent, faster client than Locust.

``wrk`` (C, one thread) loads HTTP routes; the asyncio clients of
``benchmarks/asyncio_clients.py`` load gRPC, WebSocket and SSE (and HTTP where wrk is
missing). The client runs as its own process, pinned to the given cores, its CPU
sampled like Locust's:

    ceiling("rest_predict", "http://127.0.0.1:8000", seconds=3, connections=16, cpus={1})
    -> {"tool": "wrk", "requests", "errors", "rps", "p50_ms", "p99_ms", "client_cpu_percent"}
CLI: ``python -m benchmarks.ceilings rest_predict http://127.0.0.1:8000 --seconds 5``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

from benchmarks.measure import CpuMeter
from services.common.launch import ROOT

WRK_KINDS = {"rest_predict": "benchmarks/wrk_predict.lua"}
UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _run(command: list[str], cpus: set[int] | None) -> tuple[str, float]:
    """Run a client to completion; its stdout and its CPU use (% of one core)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # noqa: PLW1509
    )
    meter, percent = CpuMeter(process.pid), 0.0
    while process.poll() is None:
        time.sleep(0.2)
        try:
            percent = meter.percent()
        except Exception:  # noqa: BLE001 - the process ended between poll and sample
            break
    out, err = process.communicate()
    if process.returncode:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {err[-2000:]}")
    return out, percent


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


def ceiling(kind: str, url: str, *, seconds: float, connections: int, cpus=None) -> dict:
    wrk = shutil.which("wrk")
    if kind in WRK_KINDS and wrk:
        command = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency",
                   "-s", WRK_KINDS[kind], url]  # fmt: skip
        out, cpu = _run(command, cpus)
        result, tool = parse_wrk(out), "wrk"
    else:
        command = [sys.executable, "-m", "benchmarks.asyncio_clients", kind, url,
                   "--seconds", str(seconds), "--connections", str(connections)]  # fmt: skip
        out, cpu = _run(command, cpus)
        result, tool = json.loads(out), "asyncio"
    return {"tool": tool, **result, "client_cpu_percent": round(cpu, 1)}


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

"""One scenario's load, with Locust as a library: warm-up, throughput ramp, latency runs.

The runner (``benchmarks/run.py``) starts this pinned to the client core, once per
scenario; one process runs every phase, so Locust's start-up is paid once. Per repeat:
- throughput run: closed-loop users (no wait) stepped up (1, 4, 16 ...); the best step
  is the throughput, valid only if the server's core was >= 90 % busy;
- latency run: a fixed request rate below saturation (``constant_throughput``): the
  smaller of ``--max-rate`` and half the throughput just measured (one user, one request
  at a time, when no answer came back within the throughput window).
Every phase is marked invalid when the load generator was above 85 % CPU.

    python -m benchmarks.driver RestCreatePrediction http://127.0.0.1:8000 \
        --server-pid 1234 --out benchmarks/results/x/fastapi-predict
writes ``<out>.json`` (every phase) and ``<out>_stats.csv`` (Locust's columns per phase).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import gevent
import locust  # importing it monkey-patches the standard library for gevent
import numpy as np
from locust import constant, constant_throughput
from locust.env import Environment
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from benchmarks import locustfile
from benchmarks.measure import CpuMeter
from benchmarks.report import primary_rps
from benchmarks.wait_times import staggered

SPAWN_SETTLE = 0.3  # seconds after a user-count change before measuring


class Recorder:
    """Every request of the current phase, with the extra context the users attach."""

    def __init__(self, environment: Environment):
        self.reset()
        environment.events.request.add_listener(self.on_request)

    def reset(self) -> None:
        self.calls = defaultdict(list)
        self.started = time.perf_counter()

    def on_request(self, name, response_time, response_length, exception, context, **_):
        context = context or {}
        self.calls[name].append(
            (
                response_time,
                exception is None,
                response_length or 0,
                context.get("request_bytes") or 0,
                context.get("server_ms"),
            )
        )

    def summary(self) -> dict:
        elapsed = time.perf_counter() - self.started
        entries = {}
        for name, calls in self.calls.items():
            times = np.array([c[0] for c in calls])
            handler = [c[4] for c in calls if c[4] is not None]
            entries[name] = {
                "requests": len(calls),
                "failures": sum(not c[1] for c in calls),
                "rps": len(calls) / elapsed,
                "p50_ms": float(np.percentile(times, 50)),
                "p95_ms": float(np.percentile(times, 95)),
                "p99_ms": float(np.percentile(times, 99)),
                "request_bytes": float(np.mean([c[3] for c in calls])),
                "response_bytes": float(np.mean([c[2] for c in calls])),
                "server_ms": float(np.median(handler)) if handler else None,
            }
        return {"seconds": elapsed, "entries": entries}


class Driver:
    def __init__(self, user_class, host: str, server_pid: int, csv_path: Path):
        self.user_class = user_class
        # stop_timeout: a stopping user finishes its request first; killing it mid-recv
        # leaves a socket half-watched by gevent (libev aborts on the next epoll_ctl)
        self.env = Environment(
            user_classes=[user_class], host=host, events=locust.events, stop_timeout=10
        )
        self.runner = self.env.create_local_runner()
        self.recorder = Recorder(self.env)
        self.server_pid = server_pid
        self.csv_file = csv_path.open("w", newline="")
        self.csv = csv.writer(self.csv_file)
        self.csv_header_written = False
        self.users = 0

    def set_users(self, users: int) -> None:
        if users != self.users:
            self.runner.start(users, spawn_rate=100)  # stopping users obeys it too
            self.users = users
            gevent.sleep(SPAWN_SETTLE)

    def phase(self, kind: str, repeat: int, users: int, seconds: float, wait_time) -> dict:
        self.user_class.wait_time = wait_time
        self.set_users(users)
        self.env.stats.reset_all()
        self.recorder.reset()
        server, client = CpuMeter(self.server_pid), CpuMeter(os.getpid())
        gevent.sleep(seconds)
        result = {
            "kind": kind,
            "repeat": repeat,
            "users": users,
            **self.recorder.summary(),
            "server_cpu_pct": round(server.percent(), 1),
            "client_cpu_pct": round(client.percent(), 1),
        }
        self.write_locust_csv(f"{kind} r{repeat} u{users}")
        return result

    def write_locust_csv(self, phase: str) -> None:
        rows = _Rows()
        StatsCSV(self.env, PERCENTILES_TO_REPORT).requests_csv(rows)
        header, *data = rows
        if not self.csv_header_written:
            self.csv.writerow(["Phase", *header])
            self.csv_header_written = True
        self.csv.writerows([phase, *row] for row in data)

    def close(self) -> None:
        self.csv_file.close()
        self.runner.stop()  # graceful (stop_timeout): each user ends its request first


class _Rows(list):
    def writerow(self, row) -> None:
        self.append(list(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("user_class")
    parser.add_argument("host")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", default="1,4,16", help="users per throughput step")
    parser.add_argument("--seconds", type=float, default=2.0, help="per measured phase")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-rate", type=float, default=300.0, help="latency run, req/s")
    parser.add_argument("--latency-users", type=int, default=8)
    args = parser.parse_args()

    driver = Driver(
        getattr(locustfile, args.user_class),
        args.host,
        args.server_pid,
        args.out.with_name(args.out.name + "_stats.csv"),
    )
    steps = [int(s) for s in args.steps.split(",")]
    phases = []
    try:
        driver.set_users(steps[-1])  # warm-up: the largest load, not recorded
        gevent.sleep(args.warmup)
        for repeat in range(1, args.repeats + 1):
            ramp = [driver.phase("throughput", repeat, u, args.seconds, constant(0)) for u in steps]
            phases += ramp
            best = max(primary_rps(p) for p in ramp)
            rate = min(args.max_rate, best / 2)
            if rate > 0:
                users = max(1, min(args.latency_users, int(rate)))
                wait = staggered(constant_throughput(rate / users), users / rate)
            else:  # no answer within the window (XML × 10,000): one request at a time
                users, wait = 1, constant(0)
            phases.append(driver.phase("latency", repeat, users, args.seconds, wait))
            print(
                f"  repeat {repeat}/{args.repeats}: {best:,.0f} req/s at best, "
                f"latency run at {rate:,.0f} req/s"
                if rate
                else "latency run: one at a time",
                flush=True,
            )
    finally:
        args.out.with_name(args.out.name + ".json").write_text(json.dumps(phases, indent=1))
        driver.close()
    sys.stdout.flush()
    # Results are written. Skip interpreter teardown: gevent tearing down a websockets
    # reader thread that still watches its socket makes libev abort (SIGABRT).
    os._exit(0)


if __name__ == "__main__":
    main()

"""``make bench``: run every scenario with Locust against real servers, then chart it.

Each scenario starts its service pinned to core 0, warms it up, then runs Locust
(headless, fixed duration) pinned to core 1 while sampling both processes' CPU.
Settings (environment): BENCH_DURATION seconds per run (default 20), BENCH_USERS (8),
BENCH_WARMUP seconds (3). Output: benchmarks/results/<timestamp>/ and .../latest/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import charts, inprocess
from benchmarks.measure import CpuMeter, locust_summary
from benchmarks.report import print_summary, summary_markdown, verdict, write_csv
from services.common.launch import ROOT, launch

RESULTS = ROOT / "benchmarks" / "results"
SERVER_CPUS, CLIENT_CPUS = {0}, {1}


@dataclass(frozen=True)
class Scenario:
    service: str
    user_class: str
    label: str
    host: str = "http://{address}"  # what Locust's --host is, given the service's address
    ready_path: str | None = "/readyz"
    env: tuple = ()

    def host_for(self, service) -> str:
        return self.host.format(address=service.address)


SCENARIOS = [
    Scenario("flask_rest", "RestCreatePrediction", "Flask (gunicorn) POST /predictions"),
    Scenario("fastapi_rest", "RestCreatePrediction", "FastAPI (uvicorn) POST /predictions"),
    Scenario(
        "grpc_service", "GrpcPredict", "gRPC unary Predict", host="{address}", ready_path=None
    ),
    Scenario(
        "websocket_service",
        "WebSocketPredict",
        "WebSocket predict message",
        host="ws://{address}/ws",
        env=(("APILAB_WS_COMPRESSION", "false"),),
    ),
]


def run_locust(user_class: str, host: str, seconds: float, users: int, csv_prefix: Path | None):
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        "benchmarks/locustfile.py",
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds:g}s",
        "--host",
        host,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "2",
        user_class,
    ]
    if csv_prefix:
        command += ["--csv", str(csv_prefix)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, CLIENT_CPUS),  # noqa: PLW1509
    )
    return process


def run_scenario(scenario: Scenario, out: Path, seconds: float, users: int, warmup: float) -> dict:
    with launch(
        scenario.service, cpus=SERVER_CPUS, env=dict(scenario.env), ready_path=scenario.ready_path
    ) as service:
        host = scenario.host_for(service)
        run_locust(scenario.user_class, host, warmup, users, None).wait()
        server_cpu = CpuMeter(service.process.pid)
        locust = run_locust(scenario.user_class, host, seconds, users, out / scenario.service)
        client_cpu = CpuMeter(locust.pid)
        while locust.poll() is None:
            time.sleep(0.5)
            client_percent, server_percent = client_cpu.percent(), server_cpu.percent()
        errors = locust.stderr.read()
    summary = locust_summary(out / f"{scenario.service}_stats.csv")
    if summary["requests"] == 0:
        raise RuntimeError(f"{scenario.label}: no requests recorded\n{errors}")
    return {
        "scenario": scenario.label,
        "service": scenario.service,
        **summary,
        "server_cpu_pct": round(server_percent),
        "client_cpu_pct": round(client_percent),
        "verdict": verdict(server_percent, client_percent),
        "users": users,
        "seconds": seconds,
    }


def main() -> None:
    seconds = float(os.environ.get("BENCH_DURATION", 20))
    users = int(os.environ.get("BENCH_USERS", 8))
    warmup = float(os.environ.get("BENCH_WARMUP", 3))
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    print("in-process predict timings ...", flush=True)
    predict = inprocess.measure()
    write_csv(out / "inprocess.csv", predict)
    rows = []
    for i, scenario in enumerate(SCENARIOS, 1):
        print(
            f"[{i}/{len(SCENARIOS)}] {scenario.label}: {warmup:g}s warm-up + {seconds:g}s, "
            f"{users} users ...",
            flush=True,
        )
        rows.append(run_scenario(scenario, out, seconds, users, warmup))
    write_csv(out / "summary.csv", rows)
    charts.protocol_chart(rows, out / "latency_throughput.png")
    (out / "SUMMARY.md").write_text(summary_markdown(rows, predict))
    latest = RESULTS / "latest"
    shutil.rmtree(latest, ignore_errors=True)
    shutil.copytree(out, latest)
    print_summary(rows, predict)
    print(f"\nresults: {out.relative_to(ROOT)} (copied to {latest.relative_to(ROOT)})")


if __name__ == "__main__":
    main()

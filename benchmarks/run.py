"""``make bench``: run every scenario with Locust against real servers, then chart it.

Each scenario starts its service pinned to core 0, warms it up, then runs Locust
(headless, fixed duration) pinned to core 1 while sampling both processes' CPU.
Settings (environment): BENCH_DURATION seconds per run (default 20), BENCH_USERS (8),
BENCH_WARMUP seconds (3). Output: benchmarks/results/<timestamp>/ and .../latest/.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import charts, inprocess
from benchmarks.measure import CpuMeter, locust_summary
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
        env=(("APILAB_COMPRESSION", "false"),),
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


def verdict(server_cpu: float, client_cpu: float) -> str:
    """What a throughput figure measured: only a saturated server is a server's number."""
    if client_cpu > 85:
        return "client-bound: Locust, not the server, was the limit"
    if server_cpu >= 90:
        return "server saturated"
    return "neither saturated: latency is valid, throughput is not a ceiling"


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def summary_markdown(rows: list[dict], predict: list[dict]) -> str:
    """The run as Markdown tables, written next to its CSVs (never edited by hand)."""
    lines = [
        f"# Benchmark run {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} cores)",
        "",
        "Server pinned to core 0, Locust to core 1; CPU is the share of one core.",
        "A run whose client is above 85 % measured Locust, not the server (see verdict).",
        "REST `POST /predictions` also stores the prediction in SQLite; the gRPC and",
        "WebSocket rows only predict: compare their latencies with that in mind.",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | failures | server CPU % | client CPU % "
        "| verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {r['rps']:.0f} | {r['p50_ms']:g} | {r['p95_ms']:g} | "
            f"{r['p99_ms']:g} | {r['failures']} | {r['server_cpu_pct']} | {r['client_cpu_pct']} | "
            f"{r['verdict']} |"
        )
    lines += [
        "",
        "One prediction in-process, one row (µs, median):",
        "",
        "| model | numpy floor | domain predict | scikit-learn predict_proba |",
        "|---|---:|---:|---:|",
    ]
    for p in predict:
        lines.append(
            f"| {p['model_id']} | {p['numpy_floor_us']:.1f} | "
            f"{p['domain_predict_us']:.1f} | {p['sklearn_predict_proba_us']:.1f} |"
        )
    lines += ["", "![latency and throughput](latency_throughput.png)"]
    return "\n".join(lines) + "\n"


def print_summary(rows: list[dict], predict: list[dict]) -> None:
    print(
        f"\n{'scenario':40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'fail':>5} "
        f"{'server%':>8} {'client%':>8}"
    )
    for r in rows:
        print(
            f"{r['scenario']:40} {r['rps']:8.0f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} "
            f"{r['failures']:5d} {r['server_cpu_pct']:8d} {r['client_cpu_pct']:8d}  {r['verdict']}"
        )
    print("\nin-process, one row (µs): numpy floor / domain predict / scikit-learn predict_proba")
    for p in predict:
        print(
            f"  {p['model_id']:14} {p['numpy_floor_us']:6.1f} / {p['domain_predict_us']:6.1f}"
            f" / {p['sklearn_predict_proba_us']:6.1f}"
        )


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

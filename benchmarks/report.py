"""Reporting a benchmark run: what limited it, the CSV, SUMMARY.md and the console table."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path


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

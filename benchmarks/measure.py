"""Helpers that make a run honest: CPU use from /proc (via psutil) and Locust's CSV."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import psutil


class CpuMeter:
    """CPU seconds used by a process and everything it forked, over a time window."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.start_cpu = self._cpu_seconds()
        self.start_wall = time.monotonic()

    def _cpu_seconds(self) -> float:
        total = 0.0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return total

    def percent(self) -> float:
        """Share of one core used since the meter started (100 = one core busy)."""
        elapsed = time.monotonic() - self.start_wall
        return 100 * (self._cpu_seconds() - self.start_cpu) / elapsed if elapsed else 0.0


def locust_summary(stats_csv: Path) -> dict:
    """The 'Aggregated' row of a Locust ``*_stats.csv`` in the units the report uses."""
    with stats_csv.open() as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "response_bytes": float(row["Average Content Size"]),
    }

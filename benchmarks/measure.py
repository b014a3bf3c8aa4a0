"""Helpers that make a run honest: CPU use from /proc (via psutil)."""

from __future__ import annotations

import time

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

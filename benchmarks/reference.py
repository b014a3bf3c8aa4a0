"""The reference run: the figures notebook 11 reads, pinned so `make bench` cannot move them.

`make bench` replaces ``results/latest/`` with the new run (REPORT.md and its charts
follow it). Notebook 11's committed outputs are made from one particular run; if it
read ``latest/`` they would stop matching after any benchmark, and nbval (`make test`)
would fail for everyone who ran the benchmark first. So the notebook reads
``results/reference/``, which changes only on request: `make bench-reference` copies
the latest run's figures there (not its charts); then re-execute notebook 11 and
commit both.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from services.common.launch import ROOT

RESULTS = ROOT / "benchmarks" / "results"
FIGURES = ("*.csv", "*.json")  # the charts stay with latest/ and REPORT.md


def pin(latest: Path = RESULTS / "latest", reference: Path = RESULTS / "reference") -> None:
    """Make ``reference`` a copy of the figures of ``latest``."""
    if not (latest / "summary.csv").is_file():
        sys.exit(f"no run in {latest}: run `make bench` first")
    files = sorted(path for pattern in FIGURES for path in latest.glob(pattern))
    shutil.rmtree(reference, ignore_errors=True)
    reference.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, reference / path.name)
    print(f"{len(files)} files copied to {reference}; now re-execute notebook 11")


if __name__ == "__main__":
    pin()

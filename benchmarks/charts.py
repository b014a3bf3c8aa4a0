"""Charts of a benchmark run (matplotlib, PNG files next to the CSVs)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen: render straight to files
import matplotlib.pyplot as plt  # noqa: E402


def protocol_chart(rows: list[dict], path: Path) -> None:
    """Throughput (left) and latency percentiles (right), one bar group per scenario."""
    labels = [r["scenario"].replace(" POST", "\nPOST") for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.bar(labels, [r["rps"] for r in rows], color="#4c72b0")
    left.set_ylabel("requests per second")
    left.set_title("Throughput")
    width = 0.25
    for k, (key, color) in enumerate(
        [("p50_ms", "#55a868"), ("p95_ms", "#dd8452"), ("p99_ms", "#c44e52")]
    ):
        positions = [i + (k - 1) * width for i in range(len(rows))]
        right.bar(positions, [r[key] for r in rows], width, label=key[:3], color=color)
    right.set_xticks(range(len(rows)), labels)
    right.set_ylabel("milliseconds")
    right.set_title("Latency percentiles")
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

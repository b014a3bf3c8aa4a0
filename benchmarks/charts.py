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


def format_charts(results: list[dict], out: Path) -> None:
    """Bytes by format and batch size (log scale, raw and gzip), and encode+decode time."""
    formats = list(dict.fromkeys(r["format"] for r in results))
    sizes = sorted({r["rows"] for r in results})
    for name, panels in (
        ("bytes.png", [("bytes", "bytes (raw)"), ("gzip_bytes", "bytes (gzip)")]),
        ("time.png", [("encode_ms", "encode (ms)"), ("decode_ms", "decode (ms)")]),
    ):
        fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
        for axis, (key, title) in zip(axes, panels, strict=True):
            width = 0.8 / len(formats)
            for k, fmt in enumerate(formats):
                values = [
                    next(
                        r[key]
                        for r in results
                        if r["format"] == fmt
                        and r["rows"] == n
                        and r["model_id"] == "breast-cancer"
                    )
                    for n in sizes
                ]
                axis.bar([i + k * width for i in range(len(sizes))], values, width, label=fmt)
            axis.set_yscale("log")
            axis.set_xticks(
                [i + 0.4 - width / 2 for i in range(len(sizes))], [f"{n:,} rows" for n in sizes]
            )
            axis.set_title(f"{title}, breast-cancer (30 features)")
        axes[0].legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / name, dpi=110)
        plt.close(fig)

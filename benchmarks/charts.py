"""Charts of a benchmark run (matplotlib, PNG files next to the CSVs)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen: render straight to files
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks import study_charts  # noqa: E402

COLORS = {"p50_ms": "#55a868", "p95_ms": "#dd8452", "p99_ms": "#c44e52"}
GROUPS = ("floor", "protocol", "stream")


def draw_all(rows: list[dict], out: Path, studies: dict | None = None) -> None:
    """Every chart of a run; REPORT.md shows them. Batch latency from wrk when measured."""
    single = [r for r in rows if r["group"] in GROUPS]
    formats = [r for r in rows if r["group"] == "format"]
    if single:
        latency_chart(single, out / "latency.png")
        throughput_chart(single, out / "throughput.png")
    if formats:
        payload_chart(formats, out / "payload_bytes.png")
        timed = [
            {**r, "p50_ms": r["route_p50_ms"]} for r in (studies or {}).get("format_routes", [])
        ]
        client = "wrk" if timed else "Locust"
        batch_latency_chart(timed or formats, out / "batch_latency.png", client)
    if (studies or {}).get("same_prediction"):
        fig, axis = plt.subplots(figsize=study_charts.SAME_PREDICTION_SIZE)
        study_charts.same_prediction(axis, studies["same_prediction"])
        fig.tight_layout()
        fig.savefig(out / "same_prediction.png", dpi=110)
        plt.close(fig)


def latency_chart(rows: list[dict], path: Path) -> None:
    """Latency percentiles at a fixed request rate, and the server's own handler time."""
    fig, axis = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.5))
    y = range(len(rows))
    for k, (key, color) in enumerate(COLORS.items()):
        axis.barh(
            [i + (k - 1) * 0.27 for i in y],
            [r[key] for r in rows],
            0.27,
            color=color,
            label=key[:3],
        )
    handler = [(i, r["server_ms"]) for i, r in enumerate(rows) if r.get("server_ms")]
    if handler:
        axis.scatter(
            [h for _, h in handler],
            [i for i, _ in handler],
            marker="|",
            s=300,
            color="black",
            label="handler time (server)",
            zorder=3,
        )
    axis.set_yticks(list(y), [r["scenario"] for r in rows])
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.set_xlabel("milliseconds (log scale); streams: time to the last of 32 tokens")
    axis.set_title("Latency at a fixed request rate below saturation (median of repeats)")
    axis.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def throughput_chart(rows: list[dict], path: Path) -> None:
    """Best throughput of the ramp (median, min-max bars), and the independent ceiling."""
    fig, axis = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.5))
    y = list(range(len(rows)))
    values = [r["throughput_rps"] for r in rows]
    spread = [
        [v - r["throughput_rps_min"] for v, r in zip(values, rows, strict=True)],
        [r["throughput_rps_max"] - v for v, r in zip(values, rows, strict=True)],
    ]
    colors = ["#4c72b0" if r["verdict"] == "server saturated" else "#b0b0b0" for r in rows]
    axis.barh(y, values, xerr=spread, color=colors, capsize=3)
    ceilings = [(i, r["ceiling_rps"]) for i, r in enumerate(rows) if r.get("ceiling_rps")]
    if ceilings:
        axis.scatter(
            [c for _, c in ceilings],
            [i for i, _ in ceilings],
            marker="D",
            color="#c44e52",
            label="ceiling (wrk / asyncio client)",
            zorder=3,
        )
        axis.legend(loc="lower right", fontsize=8)
    axis.set_yticks(y, [r["scenario"] for r in rows])
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.set_xlabel("requests (streams) per second, log scale; grey: not a server ceiling")
    axis.set_title("Throughput: best step of the ramp, median of repeats")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _by_format(rows: list[dict]):
    for fmt in dict.fromkeys(r["format"] for r in rows):
        mine = sorted((r for r in rows if r["format"] == fmt), key=lambda r: r["batch_rows"])
        yield fmt, [r["batch_rows"] for r in mine], mine


def _format_panels(rows, path: Path, panels, xlabel: str, sharey: bool = False) -> None:
    """Two log-log panels, one line per format: ``(value of a row, title, y label)`` each."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=sharey)
    for axis, (value, title, ylabel) in zip(axes, panels, strict=True):
        for fmt, sizes, mine in _by_format(rows):
            axis.plot(sizes, [value(r) for r in mine], marker="o", label=fmt)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel(xlabel)
        axis.set_ylabel(ylabel)
        axis.set_title(title)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def payload_chart(rows: list[dict], path: Path) -> None:
    """Request bytes by format and batch size, raw and gzip-compressed (log-log)."""
    panels = [
        (lambda r: r["request_bytes"], "Request body bytes, raw", "bytes"),
        (lambda r: r["request_gzip_bytes"], "Request body bytes, gzip", ""),
    ]
    _format_panels(
        rows, path, panels, "rows per request (breast-cancer, 30 float32 features)", True
    )


def batch_latency_chart(rows: list[dict], path: Path, client: str = "wrk") -> None:
    """p50 latency per request and per row, by format and batch size (log-log)."""
    panels = [
        (
            lambda r: r["p50_ms"],
            f"Latency of POST /batch-predictions (FastAPI, {client})",
            "p50 ms per request",
        ),
        (lambda r: 1000 * r["p50_ms"] / r["batch_rows"], "The same, per row", "p50 µs per row"),
    ]
    _format_panels(rows, path, panels, "rows per request")


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
            if any(bar.get_height() > 0 for bar in axis.patches):  # a tiny run can time 0 ms
                axis.set_yscale("log")
            axis.set_xticks(
                [i + 0.4 - width / 2 for i in range(len(sizes))], [f"{n:,} rows" for n in sizes]
            )
            axis.set_title(f"{title}, breast-cancer (30 features)")
        axes[0].legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / name, dpi=110)
        plt.close(fig)

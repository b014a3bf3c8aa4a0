"""Charts of the studies (``studies.json``), drawn on an Axes the caller owns.

``charts.py`` draws them into PNG files for REPORT.md; a notebook draws them inline with
``plt.subplots()``: the drawing is one function either way, and picks no backend.
"""

from __future__ import annotations

from benchmarks.report_studies import SAME

UVICORN, HYPERCORN, GRPC = "#4c72b0", "#dd8452", "#55a868"
SERVER = {"batch_json_1": UVICORN, "batch_protobuf_1": UVICORN, "grpc_batch": GRPC}
SAME_PREDICTION_SIZE = (9, 3)  # inches: five bars and their long labels


def same_prediction(axis, rows: list[dict]) -> None:
    """Is gRPC faster? The same prediction five ways, each bar's ratio to the one above."""
    rates = [r["rps"] for r in rows]
    colours = [SERVER.get(r["kind"], HYPERCORN) for r in rows]
    axis.barh([SAME[r["kind"]] for r in rows], rates, color=colours)
    for y, (rate, above) in enumerate(zip(rates, [None, *rates[:-1]], strict=True)):
        ratio = f"  ({rate / above:.2f}×)" if above else ""
        axis.text(rate, y, f" {rate:,.0f}{ratio}", va="center")
    axis.set_xlim(0, max(rates) * 1.3)
    axis.set_xlabel("requests per second: one row, nothing stored (higher is better)")
    axis.set_title("Is gRPC faster? One change at a time", loc="left")
    axis.invert_yaxis()

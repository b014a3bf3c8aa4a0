"""REPORT.md's data-format table: the batch route by wrk beside each format's floors.

The rows come from the Locust sweep (bytes, Locust's p50, throughput); the route's wrk
p50 and its floors from ``studies.json`` (``format_routes``).
"""

from __future__ import annotations

from benchmarks.report_reading import fmt


def routes_by_cell(studies: dict | None) -> dict:
    """``format_routes`` (wrk's route p50, the floors) by (format, rows)."""
    return {(r["format"], r["batch_rows"]): r for r in (studies or {}).get("format_routes", [])}


def format_table(rows: list[dict], studies: dict | None) -> list[str]:
    cells = routes_by_cell(studies)
    lines = [
        "| format | rows | request bytes | gzip | response bytes | route p50 ms (wrk) "
        "| floor ms | HTTP ms | route ÷ floor | ÷ (floor + HTTP) | answer ms "
        "| Locust p50 ms | rows/s at best | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in sorted(rows, key=lambda r: (r["batch_rows"], r["request_bytes"] or 0)):
        c = cells.get((r["format"], r["batch_rows"]), {})
        lines.append(
            f"| {r['format']} | {r['batch_rows']:,} | {fmt(r['request_bytes'], 0)} | "
            f"{fmt(r['request_gzip_bytes'], 0)} | {fmt(r['response_bytes'], 0)} | "
            f"{fmt(c.get('route_p50_ms'))} | {fmt(c.get('floor_ms'), 3)} | "
            f"{fmt(c.get('transfer_p50_ms'), 3)} | {fmt(c.get('route_over_floor'), 1)} | "
            f"{fmt(c.get('route_over_floor_and_transfer'), 1)} | {fmt(c.get('answer_ms'), 3)} | "
            f"{fmt(r['p50_ms'])} | {fmt(r['throughput_rps'] * r['batch_rows'])} | "
            f"{r['verdict']} |"
        )
    return lines


FORMAT_NOTE = [
    "",
    "*route p50 (wrk)*: `POST /batch-predictions` on FastAPI (core 0) timed by wrk (C, core",
    "1), one request at a time (`benchmarks/format_routes.py`): request, negotiation,",
    "validation, prediction and the answer in the same format. *floor*: the same request",
    "bytes decoded by the format's own library (orjson, msgpack, pyarrow.csv,",
    "pyarrow.parquet, fastavro, protobuf; for XML the standard library's ElementTree, while",
    "the route parses with defusedxml, which refuses DTDs) into a float32 matrix, then the",
    "model's numpy arithmetic, in process (`benchmarks/format_floor.py`), measured before",
    "and after each cell's wrk runs. *HTTP ms*: the same bytes sent to uvicorn alone,",
    "answering as many bytes as the route did (`benchmarks/http_echo.py`): what moving the",
    "payload costs with no framework and no work. *÷ (floor + HTTP)* is what the route adds",
    "once both are granted. *answer ms*: the route's codec writing the answer (labels,",
    "scores), which the floor leaves out. *Locust p50*: the same route timed by Locust's",
    "Python client, which at 10,000 rows spends more time on the 1–13 MB bodies than the",
    "server does; its throughput (rows/s) is still the server's, from 16 users. For one",
    "row, HTTP is most of the route and the ratio to the floor says little.",
]

"""REPORT.md's sections from ``studies.json`` (``studies.py``): REST's cost, gRPC, ceilings.

Kept apart from ``report_md.py``: these tables compare this repository with floors
(the framework's own route, a C client's load); the formats' table, against each
format's own library, is in ``report_formats.py``.
"""

from __future__ import annotations

import textwrap

from benchmarks.report_reading import fmt
from benchmarks.rest_layers import PLAIN_APP, STORE, breakdown

NAMES = {
    "flask_rest": "Flask",
    "plain_flask": "plain Flask app (parse, predict, 201)",
    "fastapi_rest": "FastAPI",
    "plain_fastapi": "plain FastAPI app (parse, predict, 201)",
}
SAME = {
    "batch_json_1": "REST + JSON, HTTP/1.1 (FastAPI, wrk)",
    "batch_protobuf_1": "REST + Protobuf, HTTP/1.1 (FastAPI, wrk)",
    "hypercorn_protobuf_1": "REST + Protobuf, HTTP/1.1 (FastAPI on hypercorn, wrk)",
    "batch_protobuf_1_h2": "REST + Protobuf, HTTP/2 (FastAPI on hypercorn, h2load)",
    "grpc_batch": "gRPC: Protobuf over HTTP/2 (h2load)",
}
CEILINGS = {
    "grpc_predict": "gRPC · unary Predict",
    "grpc_generate": "gRPC · Generate stream (32 tokens, a stream counts once)",
    "websocket_predict": "WebSocket · predict message",
}


def rest_section(studies: dict) -> list[str]:
    rest = studies.get("rest", [])
    if not rest:
        return []
    lines = [
        "",
        "## REST: `POST /predictions` against the same server's `GET /healthz`",
        "",
        "wrk (C, core 1) against one server (core 0), 16 connections, the two routes",
        "alternated twice; medians. `POST /predictions` validates the row, predicts, stores",
        "it durably (group commit: a 201 is sent once its row is committed) and answers",
        "201 with the record. `GET /healthz` answers a constant and does no I/O (on FastAPI",
        "an `async def`, on the event loop: a plain `def` would cost a threadpool hop that",
        "no POST here pays, and the ratio would flatter the POST).",
        "",
        "| service | GET /healthz req/s | POST /predictions req/s | ratio | server CPU % "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rest:
        lines.append(
            f"| {NAMES[r['service']]} | {fmt(r['healthz_rps'])} | {fmt(r['predict_rps'])} | "
            f"**{r['ratio']:.2f}** | {fmt(r['server_cpu_percent'], 0)} | "
            f"{fmt(r.get('errors'), 0)} |"
        )
    lines += (
        []
        if not any(r["service"] in PLAIN_APP.values() for r in rest)
        else [
            "",
            "A *plain app* has the same two routes and nothing of this repository: it parses the",
            "JSON body, predicts with the same numpy model and answers 201, with no validation",
            "beyond the body's schema, no store and no middleware (`benchmarks/plain_apps.py`),",
            "served the same way. Its ratio is the best its framework gives here.",
        ]
    )
    by_name = {r["service"]: r for r in rest}
    pairs = [
        (name, by_name[name], by_name[plain])
        for name, plain in PLAIN_APP.items()
        if name in by_name and "ladder_store_rps" in by_name.get(plain, {})
    ]
    if pairs:
        tables = {name: breakdown(service, plain) for name, service, plain in pairs}
        names = list(tables)
        lines += [
            "",
            "Where the difference goes, µs per request, all from wrk. The plain app's ladder",
            "puts our layers back one at a time on the same framework (`plain_apps.py`):",
            "our request schema and `new_prediction` instead of its plain predict, then our",
            "group commit; each layer is the difference between two rungs, and the rest is",
            "what the service adds beyond the last rung.",
            "",
            "| | " + " | ".join(NAMES[n] for n in names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for i, (label, _) in enumerate(tables[names[0]]):
            values = " | ".join(fmt(tables[n][i][1], 1) for n in names)
            lines.append(f"| {label} | {values} |")
        layers = studies.get("rest_layers")
        if layers:
            store = dict(tables[names[-1]])[STORE]
            paragraph = (
                "Timed in process, without a server (`rest_layers.py`), our store costs "
                f"{fmt(layers['store_us'], 1)} µs a row with 16 threads and "
                f"{fmt(layers.get('store_loop_us'), 1)} µs with 16 coroutines, against "
                f"{fmt(store, 1)} µs in the {NAMES[names[-1]]} server above; the whole "
                f"domain call takes {fmt(layers['domain_us'], 1)} µs. In-process timings of "
                "the layers do not add up to a served request, which is why the table is "
                "built from the wire."
            )
            lines += ["", *textwrap.wrap(paragraph, 86)]
    return lines


def _load_table(rows: list[dict], labels: dict) -> list[str]:
    lines = [
        "| what | tool | req/s | mean or p50 ms | server CPU % | client CPU % | verdict |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {labels[r['kind']]} | {r['tool']} | {fmt(r['rps'])} | {fmt(r['p50_ms'])} | "
            f"{fmt(r.get('server_cpu_percent'), 0)} | {fmt(r['client_cpu_percent'], 0)} | "
            f"{r['verdict']} |"
        )
    return lines


def protocol_sections(studies: dict) -> list[str]:
    lines = []
    if studies.get("same_prediction"):
        lines += [
            "",
            "## Is gRPC faster? One prediction, one change at a time",
            "",
            "The same one-row iris prediction, nothing stored, the same domain call",
            "(`predict_batch`): FastAPI's `POST /batch-predictions` with a JSON body, then",
            "with the .proto's `PredictionBatch` as `application/x-protobuf` (both HTTP/1.1,",
            "wrk). Then the same app under hypercorn, which speaks HTTP/2 as well, with that",
            "Protobuf body over HTTP/1.1 (wrk) and over HTTP/2 (h2load, one call in flight",
            "per connection, as wrk; `http2_rest.py`). Last, gRPC's `PredictBatch` with that",
            "very message over HTTP/2 (h2load, 4 calls in flight per connection: grpcio needs",
            "them to fill its core). JSON → Protobuf is what the encoding buys; uvicorn →",
            "hypercorn is a change of server; HTTP/1.1 → HTTP/2 on hypercorn is the transport",
            "alone; the rest of the way to gRPC is grpcio's server.",
            "",
            *_load_table(studies["same_prediction"], SAME),
            "",
            "![the same prediction, five ways](results/latest/same_prediction.png)",
        ]
    if studies.get("ceilings"):
        lines += [
            "",
            "## Server ceilings from clients cheaper than the servers",
            "",
            "h2load (C) for gRPC, without Locust's gevent bridge; a raw-frame asyncio client",
            "(a pre-masked frame per message, `benchmarks/fast_clients.py`) for WebSocket. A",
            "figure is the server's only when its core was ≥ 90 % busy and the client's",
            "≤ 85 %; h2load reports a mean, not a p50.",
            "",
            *_load_table(studies["ceilings"], CEILINGS),
        ]
    return lines

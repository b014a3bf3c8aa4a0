"""The "What to read from it" bullets of REPORT.md: sentences whose numbers come from the run.

Kept apart from the tables (``report_md.py``) because this is where the report argues:
each bullet is written only when the scenarios it compares were measured.
"""

from __future__ import annotations


def fmt(value, digits=2) -> str:
    if value is None or value == "":
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.{digits}f}"


def reading(rows: list[dict], predict: list[dict], studies: dict | None = None) -> list[str]:
    """Sentences whose numbers come from this run."""
    by = {r["key"]: r for r in rows}
    out = study_bullets(studies or {})
    iris = next((p for p in predict if p["model_id"] == "iris"), None)
    if iris and "floor-tcp" in by and "grpc-predict" in by:
        out.append(
            f"- **Floors.** The model itself costs {iris['domain_predict_us']:.0f} µs a row in "
            f"process; a TCP round trip on loopback costs {fmt(by['floor-tcp']['p50_ms'])} ms at "
            f"p50. Everything above that in the tables is protocol, framework and queueing."
        )
    if {"grpc-predict", "fastapi-predict"} <= by.keys():
        g, f = by["grpc-predict"], by["fastapi-predict"]
        out.append(
            f"- **gRPC vs REST.** gRPC's handler needs {fmt(g['server_ms'], 3)} ms and its p50 "
            f"is {fmt(g['p50_ms'])} ms; FastAPI's handler needs {fmt(f['server_ms'], 3)} ms (it "
            f"also stores the prediction in SQLite) and its p50 is {fmt(f['p50_ms'])} ms. The "
            f"request is {fmt(g['request_bytes'], 0)} bytes of protobuf against "
            f"{fmt(f['request_bytes'], 0)} of JSON. gRPC wins on small, frequent calls "
            f"between services; it does not win where the handler dominates (the batch rows "
            f"below) or where a browser must call it."
        )
    if {"websocket-predict", "websocket-connect"} <= by.keys():
        w, c = by["websocket-predict"], by["websocket-connect"]
        out.append(
            f"- **Keep the connection.** A predict message on an open WebSocket takes "
            f"{fmt(w['p50_ms'])} ms at p50; connecting for each request takes {fmt(c['p50_ms'])} "
            f"ms: the handshake, not the message, is the cost."
        )
    streams = [by[k] for k in ("sse-generate", "websocket-generate", "grpc-generate") if k in by]
    if streams:
        parts = ", ".join(
            f"{r['protocol']} {fmt(r['ttft_p50_ms'])} / {fmt(r['p50_ms'])} ms" for r in streams
        )
        out.append(
            f"- **Streaming** (first token / last of 32, p50): {parts}. With no imposed pace "
            f"between tokens these are the protocols' own costs. A real model spends tens of "
            f"ms per token, which dwarfs every one of them: choose the protocol for its "
            f"client (SSE for a browser reading one stream, WebSocket for two-way "
            f"conversations, gRPC between services), not for speed. gRPC's figures include "
            f"the gevent bridge Locust's gRPC client needs, which costs about 0.07 ms per "
            f"message (`python -m benchmarks.grpc_gevent_cost`; see the README)."
        )
    invalid = [r["scenario"] for r in rows if r["verdict"] != "server saturated"]
    if invalid:
        out.append(
            f"- **Not server ceilings** ({len(invalid)} of {len(rows)}): "
            + "; ".join(invalid)
            + ". Their latency is valid; their throughput says what limited the run (see "
            "the verdict column), not what the server can do."
        )
    return out


def study_bullets(studies: dict) -> list[str]:
    """The verdicts of ``studies.py``: REST against its floor, formats against theirs."""
    out = []
    rest = {r["service"]: r for r in studies.get("rest", [])}
    if rest:
        parts = "; ".join(
            f"{name} {fmt(r['predict_rps'])} against {fmt(r['healthz_rps'])} req/s "
            f"(**{r['ratio']:.2f}×**"
            + (f"; a plain {name} app: {plain['ratio']:.2f}×)" if plain else ")")
            for name, r, plain in (
                ("Flask", rest.get("flask_rest"), rest.get("plain_flask")),
                ("FastAPI", rest.get("fastapi_rest"), rest.get("plain_fastapi")),
            )
            if r
        )
        out.append(
            f"- **REST's own cost.** `POST /predictions` (validated, stored durably, 201) "
            f"against `GET /healthz` on the same server, wrk: {parts}. The layers table "
            f"below says where the difference goes."
        )
    big = [r for r in studies.get("format_routes", []) if r["batch_rows"] == 10_000]
    if big:
        parts = ", ".join(
            f"{r['format']} {r['route_over_floor']:.1f}"
            for r in sorted(big, key=lambda r: r["format"])
        )
        within = [r["format"] for r in big if r["route_over_floor"] <= 3]
        http = max(big, key=lambda r: r["transfer_p50_ms"] / r["floor_ms"])
        out.append(
            f"- **Formats against their own libraries** (10,000 rows, the route's p50 from wrk "
            f"÷ the library's decode plus the arithmetic in process): {parts}; within 3×: "
            f"{', '.join(sorted(within)) or 'none'}. Above 1 is HTTP, negotiation, validation "
            f"and the answer. For {http['format']}, moving its bytes over HTTP alone takes "
            f"{fmt(http['transfer_p50_ms'])} ms, {http['transfer_p50_ms'] / http['floor_ms']:.1f}× "
            f"its floor; with HTTP granted the route is "
            f"{http['route_over_floor_and_transfer']:.1f}× (floor + HTTP). The batch table "
            f"below has every size."
        )
    same = {r["kind"]: r for r in studies.get("same_prediction", [])}
    if {"batch_json_1", "batch_protobuf_1", "grpc_batch"} <= same.keys():
        j, p, g = (same[k]["rps"] for k in ("batch_json_1", "batch_protobuf_1", "grpc_batch"))
        encoding = (
            "for one row the encoding is not the cost"
            if p / j < 1.1
            else "that much is what the encoding buys for one row"
        )
        text = (
            f"- **Is gRPC faster?** One row, nothing stored: REST+JSON {fmt(j)} req/s, "
            f"REST+Protobuf {fmt(p)}, gRPC {fmt(g)} (C clients). JSON → Protobuf on the same "
            f"REST route changes {p / j:.2f}×: {encoding}. REST+Protobuf → gRPC changes "
            f"{g / p:.2f}×: the transport and the server (grpcio's C core against uvicorn "
            f"and FastAPI's Python)."
        )
        if {"hypercorn_protobuf_1", "batch_protobuf_1_h2"} <= same.keys():
            h1, h2 = same["hypercorn_protobuf_1"]["rps"], same["batch_protobuf_1_h2"]["rps"]
            transport = (
                "HTTP/2 by itself does not make this server faster"
                if h2 / h1 < 1.1
                else "HTTP/2 by itself buys that much"
            )
            text += (
                f" To tell those two apart, the same app under hypercorn answers the same "
                f"Protobuf request over HTTP/1.1 at {fmt(h1)} req/s and over HTTP/2 at "
                f"{fmt(h2)}: the transport alone changes {h2 / h1:.2f}×, so {transport}; "
                f"the rest of gRPC's lead is its server."
            )
        out.append(text)
    valid = [r for r in studies.get("ceilings", []) if r["verdict"] == "server saturated"]
    if studies.get("ceilings"):
        parts = ", ".join(f"{r['kind']} {fmt(r['rps'])}/s" for r in valid) or "none"
        out.append(
            f"- **Server ceilings from C clients** (server ≥ 90 % CPU): {parts}; the others "
            f"are in the ceilings table with the reason."
        )
    return out

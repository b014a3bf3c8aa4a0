"""From a scenario's phases to one row of figures, with the verdict that says what they mean.

A row gives the median of the repeats and their spread. Its verdict follows the rules
that keep a run honest: a throughput figure counts as the server's only when the
server's core was >= 90 % busy, the load generator's was <= 85 %, and Locust reached
>= 0.9 of an independent client's ceiling on the same route.
"""

from __future__ import annotations

import csv
import gzip
import statistics
from pathlib import Path

from benchmarks.scenarios import Scenario

SERVER_BUSY, CLIENT_LIMIT, CEILING_SHARE = 90, 85, 0.9
# A phase in which no request completed (a stalled server shows as 0 req/s, not a crash)
NOTHING = {
    "requests": 0,
    "failures": 0,
    "rps": 0.0,
    "p50_ms": None,
    "p95_ms": None,
    "p99_ms": None,
    "request_bytes": None,
    "response_bytes": None,
    "server_ms": None,
}


def primary_entry(entries: dict) -> dict:
    """A phase's main entry: the whole stream for streams, else the busiest name."""
    if "last token" in entries:
        return entries["last token"]
    candidates = [v for k, v in entries.items() if k != "handshake"]
    return max(candidates, key=lambda e: e["requests"]) if candidates else NOTHING


def primary_rps(phase: dict) -> float:
    """Requests per second of the phase's main entry (a stream counts once, at its end)."""
    return primary_entry(phase["entries"])["rps"]


NO_ANSWER = "invalid: no answer within a throughput window (latency timed one at a time)"


def verdict(
    server_cpu: float, client_cpu: float, share: float | None = None, rps: float | None = None
) -> str:
    """What a throughput figure measured: only a saturated server is a server's number."""
    if rps == 0:
        return NO_ANSWER
    if client_cpu > CLIENT_LIMIT:
        return "invalid: client-bound (load generator above 85 % CPU)"
    if server_cpu < SERVER_BUSY:
        return "invalid: server not saturated (below 90 % CPU)"
    if share is not None and share < CEILING_SHARE:
        return f"invalid: Locust reached {share:.2f} of the ceiling"
    return "server saturated"


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def scenario_row(scenario: Scenario, phases: list[dict], ceiling: dict | None) -> dict:
    repeats = sorted({p["repeat"] for p in phases})
    best = [
        max((p for p in phases if p["kind"] == "throughput" and p["repeat"] == r), key=primary_rps)
        for r in repeats
    ]
    latency = [p for p in phases if p["kind"] == "latency"]
    entries = [primary_entry(p["entries"]) for p in latency]
    first = [p["entries"].get("first token") for p in latency]
    rps = [primary_rps(p) for p in best]
    p99 = [e["p99_ms"] for e in entries if e["p99_ms"] is not None] or [None]
    server_cpu = _median(p["server_cpu_pct"] for p in best)
    client_cpu = _median(p["client_cpu_pct"] for p in best)
    share = rps and ceiling and ceiling.get("rps") and statistics.median(rps) / ceiling["rps"]
    p50, handler = _median(e["p50_ms"] for e in entries), _median(e["server_ms"] for e in entries)
    row = {
        "key": scenario.key,
        "scenario": scenario.label,
        "group": scenario.group,
        "protocol": scenario.label.split(" · ")[0],
        "format": scenario.format,
        "batch_rows": scenario.batch_rows,
        "throughput_rps": statistics.median(rps),
        "throughput_rps_min": min(rps),
        "throughput_rps_max": max(rps),
        "users_at_best": _median(p["users"] for p in best),
        "server_cpu_pct": server_cpu,
        "client_cpu_pct": client_cpu,
        "ceiling_tool": ceiling["tool"] if ceiling else "",
        "ceiling_rps": ceiling["rps"] if ceiling else None,
        "locust_share_of_ceiling": round(share, 3) if share else None,
        "verdict": verdict(server_cpu, client_cpu, share or None, statistics.median(rps)),
        "latency_rate_rps": _median(e["rps"] for e in entries),
        "p50_ms": p50,
        "p95_ms": _median(e["p95_ms"] for e in entries),
        "p99_ms": _median(p99),
        "p99_ms_min": min(p99) if p99[0] is not None else None,
        "p99_ms_max": max(p99) if p99[0] is not None else None,
        "server_ms": handler,
        "protocol_overhead_ms": p50 - handler if None not in (p50, handler) else None,
        "ttft_p50_ms": _median(f and f["p50_ms"] for f in first),
        "ttft_p99_ms": _median(f and f["p99_ms"] for f in first),
        "latency_client_cpu_pct": _median(p["client_cpu_pct"] for p in latency),
        "latency_valid": all(p["client_cpu_pct"] <= CLIENT_LIMIT for p in latency),
        "requests": sum(primary_entry(p["entries"])["requests"] for p in phases),
        "failures": sum(e["failures"] for p in phases for e in p["entries"].values()),
        "request_bytes": _median(e["request_bytes"] for e in entries),
        "response_bytes": _median(e["response_bytes"] for e in entries),
    }
    if scenario.group == "format":
        from benchmarks.payloads import batch_body

        row["request_gzip_bytes"] = len(
            gzip.compress(batch_body(scenario.format, scenario.batch_rows)[0])
        )
    return row


def write_csv(path: Path, rows: list[dict]) -> None:
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict]:
    """summary.csv back as rows, numbers as numbers (for notebooks and charts)."""
    with path.open() as handle:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _number(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"": None, "True": True, "False": False}.get(text, text)


def print_summary(rows: list[dict]) -> None:
    print(f"\n{'scenario':40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'fail':>5}  verdict")
    for r in rows:
        print(
            f"{r['scenario']:40} {r['throughput_rps']:8.0f} {r['p50_ms']:7.2f} "
            f"{r['p99_ms']:7.2f} {r['failures']:5d}  {r['verdict']}"
        )

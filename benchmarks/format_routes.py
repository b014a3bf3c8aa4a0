"""The batch route per format and size, timed by a C client, against its two floors.

Locust's Python client spends longer building, sending and reading a 2 MB body than the
server spends on it, so its p50 at 10,000 rows is mostly the client. Here ``wrk`` (C,
core 1) sends the same prepared body to FastAPI's ``POST /batch-predictions`` (core 0),
one request at a time, and again to ``http_echo`` (uvicorn alone, answering as many
bytes as the route did): the route's p50, and what HTTP alone costs for those bytes.
Each cell's format floor (``format_floor.cell``) is measured before and after its wrk
runs, so a busy moment moves both sides of the ratio.

    route ÷ floor                 what the route costs against the format's own library
    route ÷ (floor + transfer)    the same, once HTTP's cost for the bytes is granted

    python -m benchmarks.format_routes     # prints one row per cell
"""

from __future__ import annotations

import statistics
import urllib.request

from benchmarks import format_floor
from benchmarks.ceilings import CLIENT_CPUS, SERVER_CPUS, _run, parse_wrk
from benchmarks.h2load import body_file
from benchmarks.payloads import batch_body
from services.common.launch import launch

ROUTE = "/batch-predictions?model_id=" + format_floor.MODEL


def _wrk(url: str, path: str, body_path: str, media_type: str, seconds: float) -> dict:
    command = ["wrk", "-t1", "-c1", f"-d{max(1, round(seconds))}s", "--latency",  # whole s
               "-s", "benchmarks/wrk_batch.lua", url]  # fmt: skip
    env = {"BENCH_BODY": body_path, "BENCH_MEDIA": media_type, "BENCH_PATH": path}
    out, _, _ = _run(command, CLIENT_CPUS, env=env)
    return parse_wrk(out)


def _answer_bytes(url: str, body: bytes, media_type: str) -> int:
    headers = {"Content-Type": media_type, "Accept": media_type}
    request = urllib.request.Request(url + ROUTE, body, headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        return len(response.read())


def measure(seconds: float = 1.0, sizes=(1, 100, 10_000), progress=print) -> list[dict]:
    results = []
    with (
        launch("fastapi_rest", cpus=SERVER_CPUS) as route,
        launch("benchmarks.http_echo", cpus=SERVER_CPUS) as echo,
    ):
        for rows in sizes:
            progress(f"batch route by wrk, {rows:,} rows, {len(format_floor.DECODERS)} formats")
            for name in format_floor.DECODERS:
                body, media_type = batch_body(name, rows)
                with body_file(body) as file:
                    answer = _answer_bytes(route.url, body, media_type)  # also a warm-up
                    before = format_floor.cell(name, rows, body, media_type)
                    timed = _wrk(route.url, ROUTE, file, media_type, seconds)
                    bare = _wrk(echo.url, f"/?answer_bytes={answer}", file, media_type,
                                seconds)  # fmt: skip
                    after = format_floor.cell(name, rows, body, media_type)
                floor = statistics.median([before["floor_ms"], after["floor_ms"]])
                results.append(
                    {
                        "format": name,
                        "batch_rows": rows,
                        "request_bytes": len(body),
                        "response_bytes": answer,
                        "route_p50_ms": timed["p50_ms"],
                        "route_p99_ms": timed["p99_ms"],
                        "route_requests": timed["requests"],
                        "route_errors": timed["errors"],
                        "transfer_p50_ms": bare["p50_ms"],
                        "floor_ms": floor,
                        "answer_ms": statistics.median([before["answer_ms"], after["answer_ms"]]),
                        "route_over_floor": timed["p50_ms"] / floor,
                        "route_over_floor_and_transfer": timed["p50_ms"] / (floor + bare["p50_ms"]),
                    }
                )
    return results


if __name__ == "__main__":
    for result in measure():
        print({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()})

"""What the gateway adds: latency of the REST service called directly vs through the gateway.

Usage: ``.venv/bin/python -m benchmarks.gateway_overhead [requests per target]``

One REST service, two gateways in front of it (answer cache off, cache on), requests
interleaved round-robin over the three so that the machine's noise hits all of them
alike; each target gets its own keep-alive connection. Printed: p50 and p99 per target
and the ratios to the direct call, which travel between machines better than
milliseconds do.
"""

from __future__ import annotations

import json
import sys
import time

import httpx
import numpy as np

from services.common.launch import launch

KEY = "sk-bench-0123456789"
ROW = [5.1, 3.5, 1.4, 0.2]
KEYS = {KEY: {"name": "bench", "requests_per_minute": 10**9, "tokens_per_day": 10**12}}


def gateway_env(rest_url: str, cache: bool) -> dict:
    """Each gateway keeps its state next to its private database (a fresh temp dir)."""
    return {
        "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
        "APILAB_GATEWAY_REST_URL": rest_url,
        "APILAB_GATEWAY_CACHE": str(cache).lower(),
    }


def timed(session: httpx.Client, request: tuple) -> float:
    started = time.perf_counter()
    response = session.post(*request[:1], **request[1])
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def main(count: int = 400) -> None:
    chat = {
        "model": "iris-classifier",
        "messages": [{"role": "user", "content": "5.1, 3.5, 1.4, 0.2"}],
    }
    with (
        launch("fastapi_rest") as rest,
        launch("gateway", env=gateway_env(rest.url, False)) as off,
        launch("gateway", env=gateway_env(rest.url, True)) as on,
    ):
        targets = {
            "direct REST": (
                rest.url,
                (
                    "/batch-predictions",
                    {"params": {"model_id": "iris"}, "json": {"rows": [ROW]}},
                ),
            ),
            "gateway, no cache": (
                off.url,
                (
                    "/v1/chat/completions",
                    {"json": chat, "headers": {"Authorization": f"Bearer {KEY}"}},
                ),
            ),
            "gateway, cache hit": (
                on.url,
                (
                    "/v1/chat/completions",
                    {"json": chat, "headers": {"Authorization": f"Bearer {KEY}"}},
                ),
            ),
        }
        sessions = {
            name: httpx.Client(base_url=url, timeout=30) for name, (url, _) in targets.items()
        }
        samples: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(20):  # warm-up: connections, caches, the first cache entry
            for name, (_, request) in targets.items():
                timed(sessions[name], request)
        for _ in range(count):
            for name, (_, request) in targets.items():
                samples[name].append(timed(sessions[name], request))
        for session in sessions.values():
            session.close()
    direct = {q: np.percentile(samples["direct REST"], q) for q in (50, 99)}
    print(f"{'target':20} {'p50 ms':>8} {'p99 ms':>8} {'p50 x':>6} {'p99 x':>6}  ({count} each)")
    for name, values in samples.items():
        p50, p99 = np.percentile(values, 50), np.percentile(values, 99)
        print(
            f"{name:20} {p50 * 1000:8.2f} {p99 * 1000:8.2f} "
            f"{p50 / direct[50]:6.2f} {p99 / direct[99]:6.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)

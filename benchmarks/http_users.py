"""Locust users that speak HTTP: REST predictions, batches in every format, SSE, the floor.

Each request puts two numbers in Locust's request context for ``benchmarks/driver.py``:
the bytes it sent and the handler time the server reported (``Server-Timing``).
"""

from __future__ import annotations

import json
import os
import random
import time

import requests
from locust import User, constant, task
from locust.contrib.fasthttp import FastHttpUser

from benchmarks.payloads import PROMPT, batch_body, dataset_rows

ROWS = dataset_rows("iris")


def server_ms(response) -> float | None:
    """The ``app;dur=`` of a Server-Timing header, in milliseconds (None if absent)."""
    header = (response.headers or {}).get("server-timing") or ""  # no headers: it failed
    return float(header.split("dur=")[1]) if "dur=" in header else None


class RestCreatePrediction(FastHttpUser):
    """POST /predictions with a real iris row: predict, store in SQLite, answer 201."""

    wait_time = constant(0)  # closed loop; the driver swaps in constant_throughput

    def on_start(self) -> None:
        self.rng = random.Random(id(self))

    @task
    def create_prediction(self) -> None:
        body = json.dumps({"model_id": "iris", "features": self.rng.choice(ROWS)}).encode()
        headers = {"content-type": "application/json"}
        with self.client.post(
            "/predictions", data=body, headers=headers, catch_response=True
        ) as response:
            response.request_meta["context"].update(
                request_bytes=len(body), server_ms=server_ms(response)
            )
            if response.status_code != 201:
                response.failure(f"expected 201, got {response.status_code}")


class RestBatchPredictions(FastHttpUser):
    """POST /batch-predictions: BENCH_ROWS breast-cancer rows in BENCH_FORMAT, answer alike."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.format = os.environ.get("BENCH_FORMAT", "JSON")
        self.rows = int(os.environ.get("BENCH_ROWS", "100"))
        self.body, self.media_type = batch_body(self.format, self.rows)

    @task
    def predict_batch(self) -> None:
        headers = {"content-type": self.media_type, "accept": self.media_type}
        with self.client.post(
            "/batch-predictions?model_id=breast-cancer",
            data=self.body,
            headers=headers,
            name=f"batch {self.format} {self.rows}",
            catch_response=True,
        ) as response:
            response.request_meta["context"].update(
                request_bytes=len(self.body), server_ms=server_ms(response)
            )
            if response.status_code != 200:
                response.failure(f"expected 200, got {response.status_code}")


class HttpFloor(FastHttpUser):
    """GET /healthz: the cheapest route, the same framework and server (FastAPI/uvicorn)."""

    wait_time = constant(0)

    @task
    def health(self) -> None:
        with self.client.get("/healthz", catch_response=True) as response:
            response.request_meta["context"].update(request_bytes=0, server_ms=server_ms(response))


class SseGenerate(User):
    """POST /generate, read the event stream: time to first token and to ``[DONE]``."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.http = requests.Session()  # gevent-patched sockets, one keep-alive connection

    @task
    def generate(self) -> None:
        body = json.dumps(PROMPT).encode()
        started, first, size, tokens = time.perf_counter(), None, 0, 0
        headers = {"content-type": "application/json", "accept": "text/event-stream"}
        error = None
        try:
            with self.http.post(
                f"{self.host}/generate", data=body, headers=headers, stream=True, timeout=30
            ) as response:
                response.raise_for_status()
                for line in response.iter_lines():
                    size += len(line) + 1
                    if line.startswith(b"data: {"):
                        tokens += 1
                        first = first or time.perf_counter()
                    elif line == b"data: [DONE]":
                        break
            if tokens != PROMPT["max_tokens"]:
                error = RuntimeError(f"{tokens} tokens, expected {PROMPT['max_tokens']}")
        except requests.RequestException as exc:
            error = exc
        report_stream(self, "sse", started, first, size, len(body), error)


def report_stream(user: User, kind: str, started, first, size, request_bytes, error) -> None:
    """One stream = two Locust entries: 'first token' and 'last token' (the whole stream)."""
    now = time.perf_counter()
    for name, end in (("first token", first or now), ("last token", now)):
        user.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(end - started) * 1000,
            response_length=size if name == "last token" else 0,
            exception=error,
            context={"request_bytes": request_bytes if name == "last token" else 0},
        )

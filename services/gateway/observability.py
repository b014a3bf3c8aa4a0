"""Monitoring: one JSON log line per request and Prometheus metrics at /metrics.

Handlers put what they learn (key id, model, tokens, cache) in ``request.state.record``;
this middleware adds status and latency once the last byte is sent, so a streamed answer
is logged when it ends, with its tokens. Keys never appear: only their id.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from contextvars import ContextVar

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("apilab.gateway.requests")
_record: ContextVar[dict | None] = ContextVar("gateway_record", default=None)
HEADERS = (("deployment", b"x-gateway-deployment"), ("fallback", b"x-gateway-fallback"))
ROUTED = ("/v1/", "/model/", "/spend")  # OpenAI, Vertex (/v1/models/..:predict), Bedrock


def current_record() -> dict:
    """The log record of the request being served (a throwaway dict outside a request)."""
    record = _record.get()
    return record if record is not None else {}


def log_json_lines() -> None:
    """Request lines go to stdout as bare JSON (one object a line), ready for a log shipper."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


class Metrics:
    """The gateway's metrics, in a registry of its own (one per app, tests make several)."""

    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "gateway_requests", "Requests by model and status", ["model", "status"],
            registry=self.registry,
        )  # fmt: skip
        self.tokens = Counter(
            "gateway_tokens", "Tokens by model and kind", ["model", "kind"], registry=self.registry
        )
        self.latency = Histogram(
            "gateway_request_seconds", "Time to the last byte", ["model"], registry=self.registry
        )
        self.cache = Counter(
            "gateway_cache", "Cache lookups by result", ["result"], registry=self.registry
        )
        self.spend = Counter(
            "gateway_spend_usd", "US dollars spent by key and model", ["key", "model"],
            registry=self.registry,
        )  # fmt: skip
        self.deployments = Counter(
            "gateway_deployment_answers", "Answers by deployment", ["model", "deployment"],
            registry=self.registry,
        )  # fmt: skip
        self.streamed = Counter(
            "gateway_streamed_tokens", "Tokens sent in streams, as they are sent", ["model"],
            registry=self.registry,
        )  # fmt: skip

    def observe(self, record: dict) -> None:
        model = record.get("model") or "-"
        self.requests.labels(model, str(record["status"])).inc()
        self.latency.labels(model).observe(record["latency_ms"] / 1000)
        for kind in ("prompt_tokens", "completion_tokens"):
            if record.get(kind):
                self.tokens.labels(model, kind.removesuffix("_tokens")).inc(record[kind])
        if record.get("cache") in ("hit", "miss"):
            self.cache.labels(record["cache"]).inc()
        if record.get("deployment"):
            self.deployments.labels(model, record["deployment"]).inc()
        if record.get("usd"):
            self.spend.labels(record.get("key_id", "-"), model).inc(record["usd"])


class RequestLog:
    """ASGI middleware: time each /v1 request, then log it and count it."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ROUTED):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        record = scope.setdefault("state", {}).setdefault("record", {})
        record.update(method=scope["method"], path=scope["path"], status=500)
        _record.set(record)

        async def observed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record["status"] = message["status"]
                extra = [
                    (name, str(record[field]).encode())
                    for field, name in HEADERS
                    if record.get(field)
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self._finish(record, started)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            self._finish(record, started)  # also when the client went away mid-stream

    def _finish(self, record: dict, started: float) -> None:
        if record.get("logged"):
            return
        record["logged"] = True
        line = {"time": time.time(), **{k: v for k, v in record.items() if k != "logged"}}
        line["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
        log.info(json.dumps(line))
        self.metrics.observe(line)

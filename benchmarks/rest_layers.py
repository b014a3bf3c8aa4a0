"""Where ``POST /predictions`` spends its time beyond ``GET /healthz``, layer by layer.

wrk gives each route's whole cost on a saturated server (1 / throughput). The layers of
this repository's own work are timed here in process, the way the handlers call them:
parsing and shaping the body, the domain (validation, prediction, the record), the
store (group commit with 16 writers at once, as under wrk's 16 connections: threads for
Flask, coroutines on one event loop for FastAPI) and the answer's JSON. What is left of
the difference is the framework's work for a POST with a body and a 201 (routing,
reading the body, headers), measured by subtraction.

    python -m benchmarks.rest_layers
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import timeit
import uuid

import orjson

from services.domain import PredictionService, PredictionStore
from services.wire.schemas import PredictionIn, decode_json, validate

BODY = b'{"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}'  # wrk_predict.lua's


def _us(function, number: int = 2000) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


def _store_us(service: PredictionService, writers: int = 16, each: int = 100) -> float:
    """Wall time per stored row with ``writers`` threads storing at once (group commit)."""
    record = service.new_prediction("iris", [5.1, 3.5, 1.4, 0.2])

    def writer():
        for _ in range(each):  # each waits for its row, as a request does before its 201
            service.writer.store_row(dict(record, id=str(uuid.uuid4())))

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (time.perf_counter() - started) / (writers * each) * 1e6


def _store_loop_us(service: PredictionService, writers: int = 16, each: int = 100) -> float:
    """The same with ``writers`` coroutines on one event loop (``writer.commit``, FastAPI)."""
    record = service.new_prediction("iris", [5.1, 3.5, 1.4, 0.2])

    async def writer():
        for _ in range(each):
            await service.writer.commit(dict(record, id=str(uuid.uuid4())))

    async def writers_at_once():
        await asyncio.gather(*(writer() for _ in range(writers)))

    started = time.perf_counter()
    asyncio.run(writers_at_once())
    return (time.perf_counter() - started) / (writers * each) * 1e6


def measure() -> dict:
    """Microseconds per request for each layer of this repository's own work."""
    service = PredictionService(PredictionStore(tempfile.mkdtemp() + "/layers.sqlite3"))
    body = validate(PredictionIn, decode_json(BODY))
    record = service.new_prediction(body.model_id, body.features)
    return {
        "body_us": _us(lambda: validate(PredictionIn, decode_json(BODY))),
        "domain_us": _us(lambda: service.new_prediction(body.model_id, body.features)),
        "store_us": _store_us(service),
        "store_loop_us": _store_loop_us(service),
        "answer_us": _us(lambda: orjson.dumps(record)),
    }


def breakdown(
    healthz_rps: float, predict_rps: float, layers: dict, on_loop: bool = False
) -> list[tuple[str, float]]:
    """The rows of the report's table: each route's cost, the layers, the remainder.

    ``on_loop``: the server stores from an event loop (FastAPI), not from threads (Flask).
    """
    healthz_us, predict_us = 1e6 / healthz_rps, 1e6 / predict_rps
    store = layers.get("store_loop_us", layers["store_us"]) if on_loop else layers["store_us"]
    ours = layers["body_us"] + layers["domain_us"] + store + layers["answer_us"]
    return [
        ("GET /healthz, whole request (1 / throughput)", healthz_us),
        ("POST /predictions, whole request (1 / throughput)", predict_us),
        ("difference: what the POST adds", predict_us - healthz_us),
        ("… body: JSON parse and request schema", layers["body_us"]),
        ("… domain: validation, prediction, the record", layers["domain_us"]),
        ("… store: group commit, 16 writers at once (threads; FastAPI: coroutines)", store),
        ("… answer: the record as JSON", layers["answer_us"]),
        ("… the rest: the framework's POST (routing, body, 201)", predict_us - healthz_us - ours),
    ]


if __name__ == "__main__":
    print(measure())

"""Where ``POST /predictions`` spends its time beyond ``GET /healthz``, layer by layer.

Measured on the wire (``breakdown``): wrk gives each route's whole cost on a saturated
server (1 / throughput), for the service and for its framework's plain app, whose
ladder puts our layers back one at a time (``plain_apps``: our domain, then our store).
Each layer's cost is the difference between two rungs; what the service's POST adds
beyond the last rung is its middleware, dependencies and headers.

Timed in process (``measure``), the same layers look several times cheaper than they
are in a server that interleaves 16 connections on one core, which is why the report's
table is built from the wire and these timings are only quoted beside it.

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


STORE = "… our store: group commit, a 201 once committed (+ our store)"
PLAIN_APP = {"flask_rest": "plain_flask", "fastapi_rest": "plain_fastapi"}  # plain_apps.py


def breakdown(service: dict, plain: dict) -> list[tuple[str, float]]:
    """The rows of the report's table, µs per request, from two rows of ``studies.rest``.

    ``service``: a service's healthz and POST; ``plain``: its framework's plain app, with
    the ladder's rungs (``ladder_domain_rps``, ``ladder_store_rps``). The layers add up
    to the difference.
    """

    def us(row: dict, kind: str) -> float:
        return 1e6 / row[f"{kind}_rps"]

    healthz, post = us(service, "healthz"), us(service, "predict")
    plain_healthz, plain_post = us(plain, "healthz"), us(plain, "predict")
    domain, store = us(plain, "ladder_domain"), us(plain, "ladder_store")
    framework = plain_post - plain_healthz
    return [
        ("GET /healthz, whole request (1 / throughput)", healthz),
        ("POST /predictions, whole request (1 / throughput)", post),
        ("difference: what the POST adds", post - healthz),
        ("… the framework's POST: body, parse, numpy predict, 201 (plain app)", framework),
        (
            "… our schema, validation, prediction, record instead (+ our domain)",
            domain - plain_post,
        ),
        (STORE, store - domain),
        (
            "… the rest: our middleware, dependencies, ETag, Location",
            post - healthz - (store - plain_healthz),
        ),
    ]


if __name__ == "__main__":
    print(measure())

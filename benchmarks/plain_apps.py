"""The frameworks' own floor for POST /predictions: plain Flask and FastAPI apps.

Each app has the services' ``GET /healthz`` and a ``POST /predictions`` that parses the
JSON body (a pydantic model on FastAPI, ``request.get_json()`` on Flask), predicts with
the same numpy model and answers 201 with the label and score: no validation beyond
that, no store, no middleware, no headers of ours. They are served as the services are
(gunicorn's threaded worker with 8 threads; uvicorn with uvloop and httptools), so POST
÷ healthz on them is the best ratio each framework gives on this machine, and the
services' ratio reads against it (``studies.rest_ratio``).

Two more routes put this repository's layers back one at a time, the ladder that says
where the services' POST spends its time, measured on the wire rather than in process:

- ``POST /ladder/domain``: our request schema and ``new_prediction`` (validation,
  prediction, the record), answered as the services answer it;
- ``POST /ladder/store``: the same, stored durably by the services' group commit.

What the services add beyond the second rung is their middleware, dependencies and
headers (``rest_layers.breakdown``).

    python -m benchmarks.plain_apps flask --port 8100     # or: fastapi
"""

from __future__ import annotations

import argparse
import os
import tempfile

import numpy as np
import orjson
from pydantic import BaseModel

from services.domain import PredictionService, PredictionStore
from services.domain.models import load_models
from services.wire.schemas import PredictionIn as OurPredictionIn
from services.wire.schemas import decode_json, validate

MODEL = load_models()["iris"]
JSON = "application/json"


def our_service() -> PredictionService:
    """The services' domain and store, for the ladder (``launch`` names a private file)."""
    path = os.environ.get("APILAB_DB_PATH") or tempfile.mkdtemp() + "/ladder.sqlite3"
    return PredictionService(PredictionStore(path))


def predict(features: list[float]) -> dict:
    labels, scores = MODEL.predict(np.asarray([features], dtype=np.float64))
    return {"model_id": MODEL.id, "label": labels[0], "score": scores[0]}


def flask_app():
    from flask import Flask, request

    app = Flask("plain_flask")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/predictions")
    def create_prediction():
        return predict(request.get_json()["features"]), 201

    service = our_service()

    @app.post("/ladder/domain")
    def with_our_domain():
        body = validate(OurPredictionIn, decode_json(request.get_data()))
        return service.new_prediction(body.model_id, body.features), 201

    @app.post("/ladder/store")
    def with_our_store():
        body = validate(OurPredictionIn, decode_json(request.get_data()))
        return service.create_prediction(body.model_id, body.features), 201  # store_row

    return app


class PredictionIn(BaseModel):
    model_id: str
    features: list[float]


def fastapi_app():
    from fastapi import FastAPI, Response

    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok"}

    @app.post("/predictions", status_code=201)
    async def create_prediction(body: PredictionIn) -> dict:
        return predict(body.features)

    service = our_service()

    @app.post("/ladder/domain", status_code=201)
    async def with_our_domain(body: OurPredictionIn) -> Response:
        prediction = service.new_prediction(body.model_id, body.features)
        return Response(orjson.dumps(prediction), 201, media_type=JSON)

    @app.post("/ladder/store", status_code=201)
    async def with_our_store(body: OurPredictionIn) -> Response:
        prediction = service.new_prediction(body.model_id, body.features)
        await service.writer.commit(prediction)
        return Response(orjson.dumps(prediction), 201, media_type=JSON)

    return app


def serve_flask(host: str, port: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": f"{host}:{port}", "workers": 1, "threads": 8,
                               "worker_class": "gthread", "loglevel": "warning",
                               "control_socket_disable": True}.items():  # fmt: skip
                self.cfg.set(key, value)

        def load(self):
            return flask_app()

    Gunicorn().run()


def serve_fastapi(host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(fastapi_app(), host=host, port=port, loop="uvloop", http="httptools",
                access_log=False, log_level="warning")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("framework", choices=["flask", "fastapi"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    {"flask": serve_flask, "fastapi": serve_fastapi}[args.framework](args.host, args.port)

"""Vertex AI's style: ``POST /v1/models/{model}:predict`` with ``instances`` and ``parameters``.

Vertex endpoints take a list of instances and answer one prediction each; their shape
is the model's (rows of numbers for a classifier, ``{"prompt": ...}`` for a text model),
only the envelope is fixed. On Google Cloud the path is
``/v1/projects/{project}/locations/{region}/endpoints/{endpoint}:predict``; here the
model name stands for the endpoint. Errors have Google's shape (styles/shapes.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from services.common.dependencies import JSONOnly

from ..dependencies import CallerDep
from .native import call_native

router = APIRouter(tags=["vertex"], dependencies=[JSONOnly])
ERRORS = {
    s: {"description": 'Google error: {"error": {code, message, status}}'}
    for s in (400, 401, 403, 404, 413, 415, 429, 502, 503)
}


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    instances: list[Any] = Field(min_length=1, max_length=1000, examples=[[[5.1, 3.5, 1.4, 0.2]]])
    parameters: dict = {}


class PredictResponse(BaseModel):
    predictions: list[Any]
    deployedModelId: str
    model: str


@router.post("/v1/models/{model}:predict", response_model=PredictResponse, responses=ERRORS)
async def predict(model: str, body: PredictRequest, request: Request, caller: CallerDep):
    """One prediction per instance, in order."""
    predictions = await call_native(
        request, caller, model, body.instances, "instances",
        lambda backend: backend.predict(body.instances, body.parameters),
    )  # fmt: skip
    deployed = request.state.record.get("deployment", model)
    return {"predictions": predictions, "deployedModelId": deployed, "model": model}

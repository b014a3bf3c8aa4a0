"""FastAPI dependencies shared by the ASGI adapters: the service layer and the JSON-only guard.

Both are ``async def`` on purpose: FastAPI runs a plain ``def`` dependency on a worker
thread, and a hop to a thread and back costs more than these functions' work many times
over (about a third of a ``POST /predictions`` when they were plain functions).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.domain import PredictionService, Predictor
from services.wire import media


async def get_service(request: Request) -> Predictor:
    return request.app.state.service


async def json_only(request: Request) -> None:
    """FastAPI alone would answer 422 for a form or text: the wire's check answers 415."""
    media.require_json(request.headers.get("content-type"))


Service = Annotated[PredictionService, Depends(get_service)]  # REST: stores predictions
Predicting = Annotated[Predictor, Depends(get_service)]  # SSE: stores nothing
JSONOnly = Depends(json_only)

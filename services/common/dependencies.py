"""FastAPI dependencies shared by the ASGI adapters: the service layer and the JSON-only guard."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.domain import PredictionService, Predictor
from services.wire import media


def get_service(request: Request) -> Predictor:
    return request.app.state.service


def json_only(request: Request) -> None:
    """FastAPI alone would answer 422 for a form or text: the wire's check answers 415."""
    media.require_json(request.headers.get("content-type"))


Service = Annotated[PredictionService, Depends(get_service)]  # REST: stores predictions
Predicting = Annotated[Predictor, Depends(get_service)]  # SSE: stores nothing
JSONOnly = Depends(json_only)

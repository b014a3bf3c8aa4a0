"""FastAPI dependencies shared by the ASGI adapters: the service layer and the JSON-only guard."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.domain import PredictionService, Predictor
from services.wire import media


def get_service(request: Request) -> Predictor:
    return request.app.state.service


def require_json(request: Request) -> None:
    """415 unless the body is JSON; FastAPI alone would answer 422 for a form or text."""
    media.require_json(request.headers.get("content-type"))


Service = Annotated[PredictionService, Depends(get_service)]  # REST: stores predictions
Predicting = Annotated[Predictor, Depends(get_service)]  # SSE: stores nothing
JSONOnly = Depends(require_json)

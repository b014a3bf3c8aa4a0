"""The endpoint registry: which model id is answered by which backend."""

from __future__ import annotations

import httpx

from services.domain import Predictor

from ..settings import GatewaySettings
from . import Backend
from .markov import MarkovBackend
from .rest import RestClassifier

EMBEDDING_MODEL = "apilab-hash-embedding"


def build_backends(settings: GatewaySettings, service: Predictor) -> dict[str, Backend]:
    headers = {"X-API-Key": settings.gateway_rest_api_key} if settings.gateway_rest_api_key else {}
    rest = httpx.AsyncClient(
        base_url=settings.gateway_rest_url,
        headers=headers,
        timeout=settings.gateway_backend_timeout,
    )
    backends: list[Backend] = [
        MarkovBackend("apilab-markov", service, settings.gateway_token_delay),
        RestClassifier("iris-classifier", "iris", rest),
        RestClassifier("breast-cancer-classifier", "breast-cancer", rest),
    ]
    return {backend.model_id: backend for backend in backends}

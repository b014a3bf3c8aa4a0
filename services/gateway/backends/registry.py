"""The endpoint registry: which model id is answered by which deployments.

Every chat model is a ``Deployments`` (router.py), even with one deployment, so routing,
retries and fallbacks work the same for all. The tabular models' deployments come from
``APILAB_GATEWAY_DEPLOYMENTS`` (URLs: ``http://`` the REST service, ``grpc://`` the
gRPC service), else the one REST service at ``APILAB_GATEWAY_REST_URL``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from services.domain import Predictor

from ..settings import GatewaySettings
from . import Backend
from .grpc import GrpcClassifier
from .markov import MarkovBackend
from .rest import RestClassifier
from .router import Deployments

EMBEDDING_MODEL = "apilab-hash-embedding"
TABULAR = {"iris-classifier": "iris", "breast-cancer-classifier": "breast-cancer"}


def domain_model(model_id: str) -> str:
    """The tabular model behind a model id: its own, or that of the id it extends."""
    for name, model in TABULAR.items():
        if model_id == name or model_id.startswith(name + "-"):
            return model
    raise SystemExit(f"APILAB_GATEWAY_DEPLOYMENTS: {model_id!r} extends none of {list(TABULAR)}")


def deployment(model_id: str, url: str, settings: GatewaySettings) -> Backend:
    parts, model = urlsplit(url), domain_model(model_id)
    if parts.scheme == "grpc":
        return GrpcClassifier(model_id, model, parts.netloc, settings.gateway_backend_timeout)
    if parts.scheme not in ("http", "https"):
        raise SystemExit(f"APILAB_GATEWAY_DEPLOYMENTS: {url!r} is neither http(s):// nor grpc://")
    key = settings.gateway_rest_api_key  # the gateway's own secret, never the client's key
    client = httpx.AsyncClient(
        base_url=url,
        headers={"X-API-Key": key} if key else {},
        timeout=settings.gateway_backend_timeout,
    )
    return RestClassifier(model_id, model, client)


def build_backends(settings: GatewaySettings, service: Predictor) -> dict[str, Backend]:
    markov = MarkovBackend("apilab-markov", service, settings.gateway_token_delay)
    models = {"apilab-markov": Deployments("apilab-markov", [markov], settings)}
    # more model ids may extend a tabular one, e.g. "iris-classifier-grpc" as a fallback
    for model_id in {**dict.fromkeys(TABULAR), **settings.gateway_deployments}:
        urls = settings.gateway_deployments.get(model_id) or [settings.gateway_rest_url]
        models[model_id] = Deployments(
            model_id, [deployment(model_id, url, settings) for url in urls], settings
        )
    for model_id, fallback in settings.gateway_fallbacks.items():
        if model_id not in models or fallback not in models or fallback == model_id:
            raise SystemExit(
                f"APILAB_GATEWAY_FALLBACKS: {model_id!r} -> {fallback!r} is not two models"
            )
        models[model_id].fallback = models[fallback]
    return models

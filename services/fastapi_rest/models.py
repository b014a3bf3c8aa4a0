"""The /models resource: which models exist and what they expect."""

from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.common.dependencies import Service
from services.wire.schemas import ModelOut, ModelsOut

from .caching import IfNoneMatch, cacheable
from .responses import CACHEABLE, problems

router = APIRouter(tags=["models"])


@router.get("/models", responses=CACHEABLE)
def list_models(
    service: Service, request: Request, response: Response, if_none_match: IfNoneMatch = None
) -> ModelsOut:
    """Every served model. HEAD answers the same headers without the body."""
    return cacheable(request, response, {"models": service.list_models()}, "models")


@router.get("/models/{model_id}", responses={**CACHEABLE, **problems(404)})
def get_model(
    model_id: str,
    service: Service,
    request: Request,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> ModelOut:
    """One model: feature names, classes, version. HEAD answers the headers only."""
    return cacheable(request, response, service.describe_model(model_id), "model")


@router.get("/model/{model_id}", status_code=301, response_class=RedirectResponse)
def moved_model(model_id: str) -> RedirectResponse:
    """The old singular URI: 301, so clients and caches learn the new one for good."""
    return RedirectResponse(f"/models/{quote(model_id, safe='')}", status_code=301)

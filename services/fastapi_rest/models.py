"""The /models resource: which models exist and what they expect."""

from fastapi import APIRouter

from services.common.dependencies import Service
from services.wire.schemas import ModelOut, ModelsOut

from .responses import problems

router = APIRouter(prefix="/models", tags=["models"], responses=problems(404))


@router.get("")
def list_models(service: Service) -> ModelsOut:
    """Every served model."""
    return {"models": service.list_models()}


@router.get("/{model_id}")
def get_model(model_id: str, service: Service) -> ModelOut:
    """One model: feature names, classes, version."""
    return service.describe_model(model_id)

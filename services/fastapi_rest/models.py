"""The /models resource: which models exist and what they expect."""

from fastapi import APIRouter

from services.domain.schemas import ModelOut, ModelsOut

from .dependencies import Service
from .responses import problems

router = APIRouter(prefix="/models", tags=["models"])


@router.get("")
def list_models(service: Service) -> ModelsOut:
    """Every served model."""
    return {"models": service.list_models()}


@router.get("/{model_id}", responses=problems(404))
def get_model(model_id: str, service: Service) -> ModelOut:
    """One model: feature names, classes, version."""
    return service.describe_model(model_id)

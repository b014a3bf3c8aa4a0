"""GET /v1/models: the models this API key may use (the endpoint registry, filtered)."""

from fastapi import APIRouter, Request

from services.domain.errors import UnknownModel

from .backends.registry import EMBEDDING_MODEL
from .dependencies import CallerDep
from .responses import ModelList, ModelObject, errors

router = APIRouter(prefix="/v1/models", tags=["models"], responses=errors(401))


def _all_models(request: Request) -> list[dict]:
    chat = [backend.describe() for backend in request.app.state.backends.values()]
    embedding = {"id": EMBEDDING_MODEL, "object": "model", "created": 0, "owned_by": "apilab"}
    return [*chat, embedding]


@router.get("", response_model=ModelList)
def list_models(request: Request, caller: CallerDep) -> dict:
    """Every model this key is allowed to call."""
    allowed = [m for m in _all_models(request) if caller.policy.allows(m["id"])]
    return {"object": "list", "data": allowed}


@router.get("/{model_id}", response_model=ModelObject, responses=errors(404))
def get_model(model_id: str, request: Request, caller: CallerDep) -> dict:
    """One model object, or 404 (also for a model this key may not see)."""
    for model in _all_models(request):
        if model["id"] == model_id and caller.policy.allows(model_id):
            return model
    raise UnknownModel(f"The model {model_id!r} does not exist")

"""What every /v1 route needs first: the caller behind the API key, and its admission."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.domain.errors import FieldViolation, InvalidInput, UnknownModel

from .access import Caller
from .backends import Backend
from .backends.registry import EMBEDDING_MODEL

# auto_error=False: a missing key is answered by our 401 (OpenAI shape), not FastAPI's 403
bearer = HTTPBearer(auto_error=False, description="An API key of APILAB_GATEWAY_KEYS")


def authenticate(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Caller:
    caller = getattr(request.state, "caller", None)  # checked before the body (key_first.py)
    if caller is None:
        caller = request.app.state.access.authenticate(credentials and credentials.credentials)
    request.state.record["key_id"] = caller.id
    return caller


def backend_for(request: Request, model: str) -> Backend:
    if model == EMBEDDING_MODEL:
        message = f"model: {model!r} is an embedding model; use it with /v1/embeddings"
        raise InvalidInput(message, [FieldViolation("model", message)])
    try:
        return request.app.state.backends[model]
    except KeyError:
        raise UnknownModel(f"The model {model!r} does not exist; see GET /v1/models") from None


CallerDep = Annotated[Caller, Depends(authenticate)]

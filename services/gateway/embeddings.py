"""POST /v1/embeddings: vectors from the local hashing embedding."""

from fastapi import APIRouter, Request

from services.common.dependencies import JSONOnly
from services.domain.errors import FieldViolation, InvalidInput, UnknownModel

from . import hash_embedding
from .backends.registry import EMBEDDING_MODEL
from .dependencies import CallerDep, admit
from .responses import EmbeddingList, errors
from .schemas import EmbeddingRequest

# a body that is not JSON (a pickle, a form) is a 415 naming the type, not a vague 400
router = APIRouter(prefix="/v1", tags=["embeddings"], dependencies=[JSONOnly])
ERRORS = errors(400, 401, 403, 404, 413, 415, 429)


@router.post("/embeddings", response_model=EmbeddingList, responses=ERRORS)
def create_embeddings(body: EmbeddingRequest, request: Request, caller: CallerDep) -> dict:
    """One embedding per input text, in the order given."""
    if body.model != EMBEDDING_MODEL:
        if body.model in request.app.state.backends:
            message = f"model: {body.model!r} is a chat model; use {EMBEDDING_MODEL!r}"
            raise InvalidInput(message, [FieldViolation("model", message)])
        raise UnknownModel(f"The model {body.model!r} does not exist; see GET /v1/models")
    texts = [body.input] if isinstance(body.input, str) else body.input
    admit(request, caller, body.model, texts, "input")
    answer = hash_embedding.response(body.model, texts, body.dimensions, body.encoding_format)
    request.state.record["prompt_tokens"] = answer["usage"]["prompt_tokens"]
    request.app.state.access.charge(caller, answer["usage"]["total_tokens"])
    return answer

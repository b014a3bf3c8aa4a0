"""POST /v1/embeddings: vectors from the local hashing embedding.

Bounded as the OpenAI API bounds it: at most 2,048 inputs (``APILAB_GATEWAY_MAX_EMBEDDING_INPUTS``)
and at most ``APILAB_GATEWAY_MAX_EMBEDDING_FLOATS`` numbers in one answer (inputs x
dimensions), so a 24 KiB request cannot make a 78 MiB answer. Every input is charged at
least one token, an empty one too, and the whole cost is reserved before any work.
``input`` may be token ids (a list of integers, or a list of such lists), as the OpenAI
API and LangChain's ``OpenAIEmbeddings`` send them: each id is hashed as a word.
"""

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from services.common.dependencies import JSONOnly
from services.domain.errors import FieldViolation, InvalidInput, UnknownModel

from . import hash_embedding
from .admission import admit, settle
from .backends.registry import EMBEDDING_MODEL
from .dependencies import CallerDep
from .responses import EmbeddingList, errors
from .schemas import EmbeddingRequest, count_tokens

# a body that is not JSON (a pickle, a form) is a 415 naming the type, not a vague 400
router = APIRouter(prefix="/v1", tags=["embeddings"], dependencies=[JSONOnly])
ERRORS = errors(400, 401, 403, 404, 413, 415, 429)


def _refuse(field: str, message: str):
    raise InvalidInput(f"{field}: {message}", [FieldViolation(field, f"{field}: {message}")])


def texts_of(value) -> tuple[list[str], list[int]]:
    """The inputs as texts (token ids as words ``t<id>``) and the tokens of each."""
    if isinstance(value, str):
        value = [value]
    elif value and all(isinstance(item, int) for item in value):
        value = [value]  # one input given as token ids
    texts, tokens = [], []
    for item in value:
        if isinstance(item, str):
            texts.append(item)
            tokens.append(max(1, count_tokens(item)))  # an empty input still costs a call
        else:
            texts.append(" ".join(f"t{token}" for token in item))
            tokens.append(max(1, len(item)))
    return texts, tokens


@router.post("/embeddings", response_model=EmbeddingList, responses=ERRORS)
async def create_embeddings(body: EmbeddingRequest, request: Request, caller: CallerDep) -> dict:
    """One embedding per input (text or token ids), in the order given."""
    state = request.app.state
    if body.model != EMBEDDING_MODEL:
        if body.model in state.backends:
            _refuse("model", f"{body.model!r} is a chat model; use {EMBEDDING_MODEL!r}")
        raise UnknownModel(f"The model {body.model!r} does not exist; see GET /v1/models")
    # 300,000 token ids take tens of ms of Python: on a thread, the loop keeps its turns
    texts, tokens = await run_in_threadpool(texts_of, body.input)
    settings, dimensions = state.settings, body.dimensions or hash_embedding.DEFAULT_DIMENSIONS
    if len(texts) > settings.gateway_max_embedding_inputs:
        _refuse(
            "input", f"at most {settings.gateway_max_embedding_inputs} inputs, got {len(texts)}"
        )
    if len(texts) * dimensions > settings.gateway_max_embedding_floats:
        _refuse(
            "dimensions",
            f"{len(texts)} inputs x {dimensions} dimensions is more than "
            f"{settings.gateway_max_embedding_floats} numbers in one answer; send fewer inputs",
        )
    reservation = await admit(
        request, caller, body.model, texts, "input", sum(tokens), 0, exact=True
    )
    try:
        answer = await run_in_threadpool(
            hash_embedding.response, body.model, texts, tokens, dimensions, body.encoding_format
        )
    finally:
        request.state.record["prompt_tokens"] = sum(tokens)
        await settle(request, reservation, sum(tokens), 0)
    return answer

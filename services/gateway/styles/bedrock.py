"""AWS Bedrock's two designs: ``invoke`` (the model's own body) and ``converse`` (one shape).

- ``POST /model/{modelId}/invoke``: the body is the model's own request, passed to the
  backend as it came; the gateway validates nothing in it, so a mistake is found (or
  not) by the backend, and the answer is the backend's own JSON. Model-agnostic for the
  gateway, but every client must know every model's format (the lecture's "phase 1").
- ``POST /model/{modelId}/converse``: one fixed, validated shape for every model
  (``messages`` of ``content`` blocks, ``inferenceConfig``); an unknown field or a wrong
  type is refused before any backend is called ("phase 2").

Errors have Bedrock's shape (styles/shapes.py). Bedrock signs requests with SigV4 or
takes a Bedrock API key as a bearer token; the gateway takes its own keys the same way.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field

from services.common.dependencies import JSONOnly

from ..admission import admit, settle
from ..dependencies import CallerDep, backend_for
from ..schemas import count_tokens
from .native import call_native

router = APIRouter(prefix="/model/{modelId}", tags=["bedrock"], dependencies=[JSONOnly])
STRICT = ConfigDict(extra="forbid", strict=True)
ERRORS = {
    s: {"description": 'Bedrock error: {"message"} and x-amzn-ErrorType'}
    for s in (400, 401, 403, 404, 413, 415, 429, 502, 503)
}


class Text(BaseModel):
    model_config = STRICT
    text: str = Field(min_length=1)


class ConverseMessage(BaseModel):
    model_config = STRICT
    role: Literal["user", "assistant"]
    content: list[Text] = Field(min_length=1)


class InferenceConfig(BaseModel):
    model_config = STRICT
    maxTokens: int | None = Field(None, ge=1)
    temperature: float | None = Field(None, ge=0, le=1)
    topP: float | None = Field(None, ge=0, le=1)
    stopSequences: list[str] | None = None


class ConverseRequest(BaseModel):
    model_config = STRICT
    messages: list[ConverseMessage] = Field(
        min_length=1, examples=[[{"role": "user", "content": [{"text": "An API gateway"}]}]]
    )
    system: list[Text] | None = None
    inferenceConfig: InferenceConfig | None = None


class ConverseResponse(BaseModel):
    output: dict
    stopReason: Literal["end_turn", "max_tokens", "content_filtered"]
    usage: dict
    metrics: dict


@router.post("/invoke", responses=ERRORS)
async def invoke_model(
    modelId: str, request: Request, caller: CallerDep, body: Annotated[Any, Body()] = None
) -> Any:
    """The model's own request in, its own answer out; nothing checked on the way."""
    return await call_native(request, caller, modelId, body, "body", lambda b: b.invoke(body))


@router.post("/converse", response_model=ConverseResponse, responses=ERRORS)
async def converse(modelId: str, body: ConverseRequest, request: Request, caller: CallerDep):
    """Messages in one shape for every model; the last user message is the prompt."""
    started, record = time.perf_counter(), request.state.record
    backend = backend_for(request, modelId)
    users = [m for m in body.messages if m.role == "user"]
    prompt = "".join(part.text for part in users[-1].content) if users else ""
    config = body.inferenceConfig or InferenceConfig()
    settings = request.app.state.settings
    limit = config.maxTokens or min(settings.gateway_default_max_tokens, settings.max_tokens)
    texts = [part.text for m in body.messages for part in m.content]
    record["prompt_tokens"] = prompt_tokens = count_tokens(prompt)
    reservation = await admit(request, caller, modelId, texts, "messages", prompt_tokens, limit)
    tokens = 0
    try:
        reply = await backend.complete(prompt, limit, 0)
        record["completion_tokens"] = tokens = count_tokens(reply.text)
    finally:
        await settle(request, reservation, prompt_tokens, tokens)
    text, verdict = request.app.state.output_guard.whole(reply.text)
    stop = {"stop": "end_turn", "length": "max_tokens"}[reply.finish_reason]
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "content_filtered" if verdict and verdict["action"] == "cut" else stop,
        "usage": {
            "inputTokens": prompt_tokens,
            "outputTokens": tokens,
            "totalTokens": prompt_tokens + tokens,
        },
        "metrics": {"latencyMs": round((time.perf_counter() - started) * 1000)},
    }

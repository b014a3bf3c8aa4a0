"""What /openapi.json promises: the OpenAI shapes of every answer, errors included.

Only documentation: the routes build their answers themselves. schemathesis holds the
gateway to this document (tests/reliability), so a status or field added to a route
without being declared here fails the tests.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None
    code: str | None


class ErrorOut(BaseModel):
    """OpenAI's error object; the SDK raises its exception classes from the status code."""

    error: ErrorDetail


def errors(*statuses: int) -> dict:
    """``responses=`` entries: these statuses answer an OpenAI error object."""
    return {s: {"model": ErrorOut, "description": HTTPStatus(s).phrase} for s in statuses}


class ModelObject(BaseModel):
    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"]
    data: list[ModelObject]


class AssistantMessage(BaseModel):
    role: Literal["assistant"]
    content: str
    refusal: None


class Choice(BaseModel):
    index: int
    message: AssistantMessage
    logprobs: None
    finish_reason: Literal["stop", "length"]


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int = 0
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[Choice]
    usage: Usage


# stream=true answers text/event-stream; before OpenAPI 3.2 ``schema`` describes one event
CHUNK_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {"type": "string", "description": "a chat.completion.chunk as JSON, or [DONE]"}
    },
}
CHAT_ANSWERS = {
    200: {
        "model": ChatCompletion,
        "description": "The completion, or with stream=true its chunks as Server-Sent Events",
        "content": {"text/event-stream": {"schema": CHUNK_EVENT}},
    }
}


class Embedding(BaseModel):
    object: Literal["embedding"]
    index: int
    embedding: list[float] | str  # str: base64 of little-endian float32


class EmbeddingList(BaseModel):
    object: Literal["list"]
    data: list[Embedding]
    model: str
    usage: Usage


def drop_fastapi_422(app: FastAPI) -> None:
    """Undeclare FastAPI's automatic 422: like OpenAI, the gateway answers a bad body 400."""
    build = app.openapi

    def openapi() -> dict:
        document = build()
        for operations in document["paths"].values():
            for operation in operations.values():
                operation["responses"].pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            document.get("components", {}).get("schemas", {}).pop(name, None)
        return document

    app.openapi = openapi

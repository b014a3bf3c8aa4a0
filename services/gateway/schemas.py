"""The OpenAI API's request and response shapes (the subset this gateway serves).

Field names and objects follow the OpenAI API reference, so the official SDKs work
unchanged; fields the backends cannot honour (temperature, top_p, ...) are accepted and
ignored, as many OpenAI-compatible servers do.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from services.domain.textgen import WORD

# min_length applies to either; pydantic would document it for the string alone
NON_EMPTY_TEXTS = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
    ]
}
TextOrTexts = Annotated[str | list[str], WithJsonSchema(NON_EMPTY_TEXTS)]
# what the OpenAI API accepts as embeddings input: text(s), or token ids, or lists of them
EMBEDDING_INPUT = {
    "anyOf": [
        {"type": "string"},
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2048},
        {"type": "array", "items": {"type": "integer"}, "minItems": 1},
        {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
            "minItems": 1,
            "maxItems": 2048,
        },
    ]
}
INPUT_SHAPES = "a string, a list of strings, a list of token ids, or a list of token-id lists"


def _embedding_input(value: object) -> object:
    """One clear error for a wrong ``input``, naming the client's field (not a union arm)."""

    def ids(item) -> bool:
        return isinstance(item, list) and bool(item) and all(type(i) is int for i in item)

    if isinstance(value, str) or ids(value):
        return value
    if (
        isinstance(value, list)
        and value
        and (all(isinstance(item, str) for item in value) or all(ids(item) for item in value))
    ):
        return value
    raise PydanticCustomError("embedding_input", f"expected {INPUT_SHAPES}")


EmbeddingInput = Annotated[
    object, AfterValidator(_embedding_input), WithJsonSchema(EMBEDDING_INPUT)
]


class ContentPart(BaseModel):
    """One part of a message's content: ``{"type": "text", "text": ...}``, images ignored."""

    model_config = ConfigDict(extra="allow", strict=True)

    type: str
    text: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """Plain text of the message (the text of its parts, joined)."""
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(strict=True)  # strict everywhere: 0 is not false, "5" not 5

    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    model: str = Field(examples=["apilab-markov"])
    messages: list[Message] = Field(
        min_length=1, examples=[[{"role": "user", "content": "An API gateway"}]]
    )
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    seed: int | None = None
    n: Literal[1] = 1  # one choice: the generators are deterministic anyway
    stream: bool = False
    stream_options: StreamOptions | None = None
    # vLLM's extension: go on to max_tokens instead of ending at the model's end of text
    ignore_eos: bool = False

    def prompt(self) -> str:
        """What the backends answer: the last user message."""
        users = [m.text() for m in self.messages if m.role == "user"]
        return users[-1] if users else ""

    def token_limit(self, default: int) -> int:
        return self.max_completion_tokens or self.max_tokens or default


class EmbeddingRequest(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    model: str = Field(examples=["apilab-hash-embedding"])
    input: EmbeddingInput = Field(examples=["An API gateway"])
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = Field(None, ge=1, le=4096)


def count_tokens(text: str) -> int:
    """Tokens as the text generator counts them: words and punctuation marks."""
    return len(WORD.findall(text))


def usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"


def completion(model: str, text: str, finish_reason: str, prompt_tokens: int, tokens: int) -> dict:
    """A ``chat.completion`` object: one choice holding the assistant's message."""
    return {
        "id": completion_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": usage(prompt_tokens, tokens),
    }


def chunk(id_: str, created: int, model: str, delta: dict, finish_reason: str | None) -> dict:
    """One ``chat.completion.chunk`` of a streamed answer."""
    return {
        "id": id_,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }

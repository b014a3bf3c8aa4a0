"""The OpenAI API's request and response shapes (the subset this gateway serves).

Field names and objects follow the OpenAI API reference, so the official SDKs work
unchanged; fields the backends cannot honour (temperature, top_p, ...) are accepted and
ignored, as many OpenAI-compatible servers do.
"""

from __future__ import annotations

import time
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.domain.textgen import WORD


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict] | None = None

    def text(self) -> str:
        """Plain text of the message (content parts of type "text" joined)."""
        if isinstance(self.content, list):
            return "".join(part.get("text", "") for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[Message] = Field(min_length=1)
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    seed: int | None = None
    n: Literal[1] = 1  # one choice: the generators are deterministic anyway
    stream: bool = False
    stream_options: StreamOptions | None = None

    def prompt(self) -> str:
        """What the backends answer: the last user message."""
        users = [m.text() for m in self.messages if m.role == "user"]
        return users[-1] if users else ""

    def token_limit(self, default: int) -> int:
        return self.max_completion_tokens or self.max_tokens or default


class EmbeddingRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str
    input: str | list[str] = Field(min_length=1)
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

"""The model abstraction layer: every model behind the gateway is a ``Backend``.

A backend translates the OpenAI request (prompt, token limit, seed) into its own
service's protocol and the answer back into text. Adding one (gRPC, a vendor API) is one
small file with a subclass and a line in ``registry.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    text: str
    finish_reason: str  # "stop" (the model was done) or "length" (max_tokens reached)


class Backend(ABC):
    """One model id on /v1/models, answering chat completions."""

    owned_by = "apilab"
    honours_max_tokens = False  # True: an answer of max_tokens tokens was cut ("length")

    def __init__(self, model_id: str):
        self.model_id = model_id

    @abstractmethod
    async def complete(self, prompt: str, max_tokens: int, seed: int) -> Reply:
        """The whole answer at once."""

    async def stream(self, prompt: str, max_tokens: int, seed: int) -> AsyncIterator[str]:
        """The answer in pieces; backends that cannot stream send it in one piece."""
        yield (await self.complete(prompt, max_tokens, seed)).text

    def finish_reason(self, tokens: int, max_tokens: int) -> str:
        return "length" if self.honours_max_tokens and tokens >= max_tokens else "stop"

    async def close(self) -> None:  # noqa: B027 (an optional hook, not abstract)
        """Release connections at shutdown."""

    def describe(self) -> dict:
        """The ``model`` object of /v1/models."""
        return {"id": self.model_id, "object": "model", "created": 0, "owned_by": self.owned_by}

"""The model abstraction layer: every model behind the gateway is a ``Backend``.

A backend translates a request into its own service's protocol and the answer back:
``complete``/``stream`` for the chat styles (OpenAI, Bedrock converse), ``invoke`` for the
model's own request body (Bedrock invoke: passed through unvalidated), ``predict`` for
Vertex-style instances. Adding one (gRPC, a vendor API) is one small file with a
subclass and a line in ``registry.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass

from services.domain.errors import FieldViolation, InvalidInput, Unavailable


class BackendFailed(Unavailable):
    """The backend answered, but not with something the gateway can pass on (502)."""

    code = "bad_gateway"
    title = "Bad gateway"


class Unreachable(Unavailable):
    """No connection to the backend (nothing was sent): safe to try another deployment."""


@dataclass(frozen=True)
class Reply:
    text: str
    finish_reason: str  # "stop" (the model was done) or "length" (max_tokens reached)


class Backend(ABC):
    """One deployment of a model: answers chat completions, its own requests, instances."""

    owned_by = "apilab"
    honours_max_tokens = False  # True: an answer of max_tokens tokens was cut ("length")

    def __init__(self, model_id: str, name: str | None = None):
        self.model_id = model_id
        self.name = name or model_id  # the deployment, as logs and X-Gateway-Deployment say

    @abstractmethod
    async def complete(self, prompt: str, max_tokens: int, seed: int, ignore_eos=False) -> Reply:
        """The whole answer at once; ``ignore_eos``: go on to ``max_tokens`` (vLLM's option)."""

    async def stream(
        self, prompt: str, max_tokens: int, seed: int, ignore_eos=False
    ) -> AsyncIterator[str]:
        """The answer in pieces; backends that cannot stream send it in one piece."""
        yield (await self.complete(prompt, max_tokens, seed, ignore_eos)).text

    async def invoke(self, body: dict) -> dict:
        """The model's own request body, unvalidated by the gateway; its own answer."""
        raise InvalidInput(f"model {self.model_id!r} has no native request format")

    async def predict(self, instances: list, parameters: dict) -> list:
        """Vertex-style: one prediction per instance (``{"prompt": text}`` by default)."""
        limit, seed = parameters.get("maxOutputTokens", 64), parameters.get("seed", 0)
        predictions = []
        for index, instance in enumerate(instances):
            prompt = instance.get("prompt") if isinstance(instance, dict) else instance
            if not isinstance(prompt, str):
                message = f"instances.{index}: expected {{'prompt': text}}"
                raise InvalidInput(message, [FieldViolation(f"instances.{index}", message)])
            reply = await self.complete(prompt, limit, seed)
            predictions.append({"content": reply.text, "finishReason": reply.finish_reason})
        return predictions

    def finish_reason(self, tokens: int, max_tokens: int, last: str = "") -> str:
        return "length" if self.honours_max_tokens and tokens >= max_tokens else "stop"

    async def close(self) -> None:  # noqa: B027 (an optional hook, not abstract)
        """Release connections at shutdown."""

    def describe(self) -> dict:
        """The ``model`` object of /v1/models."""
        return {"id": self.model_id, "object": "model", "created": 0, "owned_by": self.owned_by}

"""The local text generator (the domain's Markov chain) as a chat model, in-process.

The chain itself never stops; an LLM does, with an end-of-sequence token. Here the end
of the first sentence plays that part: an answer that ends there finishes with "stop",
one cut at ``max_tokens`` with "length" (what the SDK's ``LengthFinishReasonError`` means).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from services.domain import Predictor
from services.domain.errors import FieldViolation, InvalidInput

from . import Backend, Reply

END = "."


def until_sentence_end(tokens: Iterable[str]) -> list[str]:
    """The tokens up to and including the first full stop after a word."""
    kept: list[str] = []
    for token in tokens:
        kept.append(token)
        if token == END and len(kept) > 1:
            break
    return kept


class MarkovBackend(Backend):
    honours_max_tokens = True

    def __init__(self, model_id: str, service: Predictor, token_delay: float = 0.0):
        super().__init__(model_id, "in-process")
        self.service = service
        self.token_delay = token_delay

    async def complete(self, prompt: str, max_tokens: int, seed: int, ignore_eos=False) -> Reply:
        tokens = self.service.generate_tokens(prompt, max_tokens, seed)
        tokens = list(tokens) if ignore_eos else until_sentence_end(tokens)
        last = tokens[-1] if tokens else ""
        return Reply("".join(tokens), self.finish_reason(len(tokens), max_tokens, last))

    def stream(
        self, prompt: str, max_tokens: int, seed: int, ignore_eos=False
    ) -> AsyncIterator[str]:
        # not a generator itself: the service validates now, before the stream starts
        tokens = self.service.agenerate_tokens(prompt, max_tokens, seed, self.token_delay)
        return tokens if ignore_eos else _until_end(tokens)

    def finish_reason(self, tokens: int, max_tokens: int, last: str = "") -> str:
        if tokens < max_tokens or last == END:  # ended by itself (at the end of a sentence)
            return "stop"
        return "length"

    async def invoke(self, body: dict) -> dict:
        """The generator's own request: {"prompt", "max_tokens", "seed"}; the domain checks it."""
        if not isinstance(body, dict):
            message = 'body: the generator takes {"prompt", "max_tokens", "seed"}'
            raise InvalidInput(message, [FieldViolation("body", message)])
        reply = await self.complete(
            body.get("prompt"), body.get("max_tokens", 32), body.get("seed", 0)
        )
        return {"completion": reply.text, "stop_reason": reply.finish_reason}


async def _until_end(tokens: AsyncIterator[str]) -> AsyncIterator[str]:
    count = 0
    async for token in tokens:
        count += 1
        yield token
        if token == END and count > 1:
            break

"""The local text generator (the domain's Markov chain) as a chat model, in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

from services.domain import Predictor

from . import Backend, Reply


class MarkovBackend(Backend):
    honours_max_tokens = True

    def __init__(self, model_id: str, service: Predictor, token_delay: float = 0.0):
        super().__init__(model_id)
        self.service = service
        self.token_delay = token_delay

    async def complete(self, prompt: str, max_tokens: int, seed: int) -> Reply:
        tokens = list(self.service.generate_tokens(prompt, max_tokens, seed))
        return Reply("".join(tokens), self.finish_reason(len(tokens), max_tokens))

    def stream(self, prompt: str, max_tokens: int, seed: int) -> AsyncIterator[str]:
        # not a generator itself: the service validates now, before the stream starts
        return self.service.agenerate_tokens(prompt, max_tokens, seed, self.token_delay)

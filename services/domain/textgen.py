"""A tiny deterministic text generator, to stream tokens the way an LLM does.

A word-level Markov chain (order 2) trained at import time on ``corpus.txt``, which
ships with the repository. Same prompt + same seed -> same tokens, on every protocol.
Tokens carry their leading space (" model"), as LLM tokenizers do, so joining them
gives the text back.
"""

from __future__ import annotations

import asyncio
import functools
import random
import re
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

CORPUS = Path(__file__).with_name("corpus.txt")
WORD = re.compile(r"[\w'-]+|[.,:;!?]")


class MarkovGenerator:
    """Next word from the two words before it; a seeded random choice among the followers."""

    def __init__(self, text: str):
        words = WORD.findall(text)
        self.followers: dict[tuple[str, str], list[str]] = defaultdict(list)
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            self.followers[(a.lower(), b.lower())].append(c)
        self.starts = sorted(k for k in self.followers if k[0] == ".")
        self.vocabulary = {w.lower() for w in words}

    def tokens(self, prompt: str, max_tokens: int, seed: int) -> Iterator[str]:
        """Up to ``max_tokens`` tokens continuing ``prompt``; stops early at a dead end."""
        rng = random.Random(f"{seed}:{prompt}")
        context = [w.lower() for w in WORD.findall(prompt)][-2:]
        state = tuple(context) if tuple(context) in self.followers else rng.choice(self.starts)
        for _ in range(max_tokens):
            options = self.followers.get(state)
            if not options:
                state = rng.choice(self.starts)
                options = self.followers[state]
            word = rng.choice(options)
            yield word if WORD.fullmatch(word) and not word[0].isalnum() else " " + word
            state = (state[1], word.lower())


@functools.cache
def default_generator() -> MarkovGenerator:
    return MarkovGenerator(CORPUS.read_text())


def generate(prompt: str, max_tokens: int, seed: int, delay: float = 0.0) -> Iterator[str]:
    """Tokens one by one; ``delay`` seconds before each imitates an LLM's pace (blocking)."""
    for token in default_generator().tokens(prompt, max_tokens, seed):
        if delay:
            time.sleep(delay)
        yield token


async def agenerate(
    prompt: str, max_tokens: int, seed: int, delay: float = 0.0
) -> AsyncIterator[str]:
    """The same tokens for asyncio servers; the delay does not block the event loop."""
    for token in default_generator().tokens(prompt, max_tokens, seed):
        await asyncio.sleep(delay)  # also a cancellation point when the client is gone
        yield token

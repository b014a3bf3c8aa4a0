"""The text generator: deterministic, bounded, validated before the first token."""

import asyncio

import pytest

from services.domain.errors import InvalidInput
from services.domain.textgen import default_generator


def test_same_prompt_and_seed_give_the_same_tokens(service):
    first = list(service.generate_tokens("A gateway", 16, seed=0))
    assert first == list(service.generate_tokens("A gateway", 16, seed=0))
    assert first != list(service.generate_tokens("A gateway", 16, seed=1))
    assert len(first) == 16
    assert "".join(first).startswith(" stands in front of many models")


def test_tokens_carry_their_leading_space_and_come_from_the_corpus(service):
    for token in service.generate_tokens("The model", 64, seed=3):
        word = token.strip()
        assert word.lower() in default_generator().vocabulary
        assert token == word if word in ".,:;!?" else token == " " + word


def test_async_tokens_equal_sync_tokens(service):
    async def collect():
        return [t async for t in service.agenerate_tokens("An API", 12, seed=5)]

    assert asyncio.run(collect()) == list(service.generate_tokens("An API", 12, seed=5))


@pytest.mark.parametrize(
    ("prompt", "max_tokens", "seed", "field"),
    [
        ("", 4, 0, "prompt"),
        (None, 4, 0, "prompt"),
        ("x" * 4001, 4, 0, "prompt"),
        ("hi", 0, 0, "max_tokens"),
        ("hi", 513, 0, "max_tokens"),
        ("hi", True, 0, "max_tokens"),
        ("hi", 4, "0", "seed"),
    ],
)
def test_bad_arguments_fail_before_the_first_token(service, prompt, max_tokens, seed, field):
    with pytest.raises(InvalidInput) as caught:
        service.generate_tokens(prompt, max_tokens, seed)  # no iteration needed
    assert [v.field for v in caught.value.violations] == [field]

"""A deterministic local embedding: the hashing trick (scikit-learn's HashingVectorizer).

No model to download: words and word pairs are hashed into ``dimensions`` buckets and the
vector is L2-normalised, so the cosine similarity of two texts grows with the words they
share. Good enough to show the /v1/embeddings contract; not a semantic embedding.
"""

from __future__ import annotations

import base64
import functools

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

DEFAULT_DIMENSIONS = 256
WORD_PATTERN = r"(?u)\b\w+\b"  # every word; scikit-learn's default skips one-letter words


@functools.cache
def _vectorizer(dimensions: int) -> HashingVectorizer:
    return HashingVectorizer(
        n_features=dimensions, ngram_range=(1, 2), norm="l2", token_pattern=WORD_PATTERN
    )


def embed(texts: list[str], dimensions: int = DEFAULT_DIMENSIONS) -> np.ndarray:
    """One L2-normalised float32 row per text (an empty text gives the zero vector)."""
    return _vectorizer(dimensions).transform(texts).toarray().astype(np.float32)


def encode(vector: np.ndarray, encoding_format: str) -> list[float] | str:
    """JSON floats, or base64 of little-endian float32 (what the SDK asks for by default)."""
    if encoding_format == "base64":
        return base64.b64encode(vector.astype("<f4").tobytes()).decode()
    return vector.tolist()


def response(
    model: str, texts: list[str], tokens: list[int], dimensions: int, encoding_format: str
) -> dict:
    """The ``list`` object of ``embedding`` objects that /v1/embeddings answers."""
    vectors = embed(texts, dimensions)
    tokens = sum(tokens)
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": i, "embedding": encode(vector, encoding_format)}
            for i, vector in enumerate(vectors)
        ],
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }

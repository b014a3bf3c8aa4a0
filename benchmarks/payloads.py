"""Realistic request payloads: rows of the datasets themselves, not random floats.

Read straight from the CSV files inside scikit-learn's package, without importing
scikit-learn: its import takes seconds, and Locust's --run-time clock is already
running while the locustfile is imported.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
from pathlib import Path

FILES = {"iris": "iris.csv", "breast-cancer": "breast_cancer.csv"}
# The generation every stream scenario asks for: fixed, so every run streams the same tokens.
PROMPT = {"prompt": "the model", "max_tokens": 32, "seed": 7}


@functools.cache
def dataset_text(model_id: str) -> list[list[str]]:
    """Every feature row of the model's dataset as written in its CSV (the label dropped)."""
    package = Path(importlib.util.find_spec("sklearn").origin).parent
    with (package / "datasets" / "data" / FILES[model_id]).open() as handle:
        reader = csv.reader(handle)
        n_rows, n_features = (int(x) for x in next(reader)[:2])  # header: counts, class names
        rows = [row[:n_features] for row in reader]
    assert len(rows) == n_rows
    return rows


@functools.cache
def dataset_rows(model_id: str) -> list[list[float]]:
    """Every feature row of the model's dataset, as floats."""
    return [[float(x) for x in row] for row in dataset_text(model_id)]


def fresh_rows(model_id: str, n_rows: int, seed: int = 0):
    """``n_rows`` new rows like the dataset's, as a float32 array.

    Each is a dataset row (drawn at random) with every value moved by up to ±1 % and
    rounded to the decimals the dataset records for that column. Values then repeat about
    as often as real measurements do, rather than the same few hundred rows over and over,
    which would flatter the formats that store a repeated value once (Parquet).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    base = np.array(dataset_rows(model_id))
    picked = base[rng.integers(len(base), size=n_rows)]
    moved = picked * rng.uniform(0.99, 1.01, picked.shape)
    columns = zip(*dataset_text(model_id), strict=True)
    places = [max(len(x.partition(".")[2]) for x in column) for column in columns]
    return np.column_stack([moved[:, j].round(d) for j, d in enumerate(places)]).astype(np.float32)


@functools.cache
def batch_body(format_name: str, n_rows: int) -> tuple[bytes, str]:
    """``n_rows`` breast-cancer rows (``fresh_rows``) as float32 in one format.

    Returns the body and its media type; the same rows for every format, so the bytes
    and times compare formats and nothing else.
    """
    from services.domain.models import load_models
    from services.wire.formats import CODECS

    codec = next(c for c in CODECS.values() if c.name == format_name)
    features = load_models()["breast-cancer"].feature_names
    return codec.encode_rows(fresh_rows("breast-cancer", n_rows), features), codec.media_type

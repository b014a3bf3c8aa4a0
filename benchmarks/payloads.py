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
def dataset_rows(model_id: str) -> list[list[float]]:
    """Every feature row of the model's dataset, as floats (the label column dropped)."""
    package = Path(importlib.util.find_spec("sklearn").origin).parent
    with (package / "datasets" / "data" / FILES[model_id]).open() as handle:
        reader = csv.reader(handle)
        n_rows, n_features = (int(x) for x in next(reader)[:2])  # header: counts, class names
        rows = [[float(x) for x in row[:n_features]] for row in reader]
    assert len(rows) == n_rows
    return rows


@functools.cache
def batch_body(format_name: str, n_rows: int) -> tuple[bytes, str]:
    """``n_rows`` breast-cancer rows (the dataset repeated) as float32 in one format.

    Returns the body and its media type; the same rows for every format, so the bytes
    and times compare formats and nothing else.
    """
    import numpy as np

    from services.domain.formats import CODECS
    from services.domain.models import load_models

    codec = next(c for c in CODECS.values() if c.name == format_name)
    rows = np.resize(np.array(dataset_rows("breast-cancer"), dtype=np.float32), (n_rows, 30))
    features = load_models()["breast-cancer"].feature_names
    return codec.encode_rows(rows, features), codec.media_type

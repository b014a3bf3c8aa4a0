"""The iris model, from a JSON file of parameters (safe to load: it is only numbers)."""

import json
import math
from pathlib import Path


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def predict(params: dict, features: list[float]) -> tuple[str, float]:
    """The most likely class and its probability: standardise, linear scores, softmax."""
    z = [(x - m) / s for x, m, s in zip(features, params["mean"], params["scale"], strict=True)]
    logits = [
        sum(w * x for w, x in zip(row, z, strict=True)) + b
        for row, b in zip(params["coef"], params["intercept"], strict=True)
    ]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    best = max(range(len(exps)), key=exps.__getitem__)
    return params["classes"][best], exps[best] / sum(exps)

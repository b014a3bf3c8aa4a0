"""What a correct app answers: the lab's model (labs/flask/step07_model/model.json) run here."""

import json
import math
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "labs" / "flask" / "step07_model" / "model.json"
PARAMS = json.loads(MODEL.read_text())
CLASSES: list[str] = PARAMS["classes"]


def expected(features: list[float]) -> tuple[str, float]:
    """The label and its probability (standardise, linear scores, softmax)."""
    z = [(x - m) / s for x, m, s in zip(features, PARAMS["mean"], PARAMS["scale"], strict=True)]
    logits = [
        sum(w * x for w, x in zip(row, z, strict=True)) + b
        for row, b in zip(PARAMS["coef"], PARAMS["intercept"], strict=True)
    ]
    exps = [math.exp(v - max(logits)) for v in logits]
    best = max(range(len(exps)), key=exps.__getitem__)
    return CLASSES[best], exps[best] / sum(exps)

"""Step 7: serve a model: load a saved artifact once at start-up, validate, answer JSON.

Run: flask --app labs/flask/step07_model/app.py run --port 5000
"""

import json
import math
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)

# Loaded once, when the process starts, never in a request; a JSON file of parameters
# (written by train.py) cannot run code when it is read, unlike a pickle.
MODEL = json.loads(Path(__file__).with_name("model.json").read_text())
print(f"model loaded: {', '.join(MODEL['classes'])}; ready", flush=True)


def predict_proba(features: list[float]) -> list[float]:
    """Standardise, then softmax of the linear scores: what scikit-learn computes."""
    z = [(x - m) / s for x, m, s in zip(features, MODEL["mean"], MODEL["scale"], strict=True)]
    logits = [
        sum(w * x for w, x in zip(row, z, strict=True)) + b
        for row, b in zip(MODEL["coef"], MODEL["intercept"], strict=True)
    ]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    return [e / sum(exps) for e in exps]


def problem(status: int, detail: str):
    """The lab's one error shape: a problem details object (RFC 9457) with status and detail."""
    return (
        {"status": status, "detail": detail},
        status,
        {"Content-Type": "application/problem+json"},
    )


def is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


@app.post("/predictions")
def predict():
    """Nothing is stored yet, so 200 (not 201) and no Location: step 11 stores them."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, 'send a JSON object: {"features": [4 numbers]}')
    features = body.get("features")
    if not isinstance(features, list) or len(features) != 4:
        return problem(422, "features must be a list of 4 numbers")
    if not all(map(is_number, features)):
        return problem(422, "every feature must be a finite number")
    probabilities = predict_proba(features)
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    # 3 decimals: the last digits of a float differ from one CPU to the next
    return {"label": MODEL["classes"][best], "score": round(probabilities[best], 3)}

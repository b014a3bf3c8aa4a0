"""Step 7: serve a model: load it once at start-up, validate every request, answer JSON."""

import math

from flask import Flask, request
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

app = Flask(__name__)

# Trained once, when the process starts, not in every request (a few tens of ms here;
# minutes for a real model). Deterministic: the same data and solver give the same model.
IRIS = load_iris()
MODEL = LogisticRegression(max_iter=1000).fit(IRIS.data, IRIS.target)


def problem(status: int, detail: str):
    return {"status": status, "detail": detail}, status


@app.post("/predict")
def predict():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, 'send a JSON object: {"features": [4 numbers]}')
    features = body.get("features")
    if not isinstance(features, list) or len(features) != 4:
        return problem(422, "features must be a list of 4 numbers")
    if not all(
        isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
        for x in features
    ):
        return problem(422, "every feature must be a finite number")
    probabilities = MODEL.predict_proba([features])[0]
    best = int(probabilities.argmax())
    return {"label": str(IRIS.target_names[best]), "score": round(float(probabilities[best]), 4)}

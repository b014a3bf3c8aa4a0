"""Train step 7's model once and save its parameters as model.json (a safe artifact).

Run from the repository root (needs scikit-learn, which the app itself does not):
    python labs/flask/step07_model/train.py

JSON holds only numbers and names, so loading it cannot run code. A pickle (or joblib)
file runs whatever its author put in it when it is loaded: never load one you did not
make yourself. skops.io is the safe choice when a model cannot be written as parameters.
"""

import json
from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).with_name("model.json")


def parameters() -> dict:
    """Scale the features, then a multinomial logistic regression: all a prediction needs."""
    iris = load_iris()
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    pipeline.fit(iris.data, iris.target)
    scaler, model = pipeline[0], pipeline[1]
    return {
        "classes": [str(name) for name in iris.target_names],
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(parameters(), indent=1) + "\n")
    print(f"wrote {OUT}")

"""Train the tabular models with scikit-learn and save their parameters as JSON.

Run by ``make models``. Training is deterministic (lbfgs on fixed data), so the JSON
files under ``model_params/`` are reproducible on one machine; on another CPU the BLAS
kernels round differently and the last digits move (a test retrains and compares them,
to a tolerance).
JSON instead of pickle/joblib: loading it runs no code, and serving needs only numpy,
not scikit-learn, whose import alone takes seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

PARAMS_DIR = Path(__file__).with_name("model_params")
DATASETS = {"iris": load_iris, "breast-cancer": load_breast_cancer}
VERSION = "1.0.0"


def fit(model_id: str) -> Pipeline:
    """The fitted scikit-learn pipeline for one model id."""
    dataset = DATASETS[model_id]()
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return estimator.fit(dataset.data, dataset.target)


def snake_case(name: str) -> str:
    """'sepal length (cm)' -> 'sepal_length_cm': usable as a CSV/Parquet/Avro column."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.lower())
    return "_".join(cleaned.split())


def parameters(model_id: str, estimator: Pipeline | None = None) -> dict:
    """Everything serving needs, as plain JSON values (floats round-trip exactly)."""
    dataset = DATASETS[model_id]()
    estimator = estimator or fit(model_id)
    scaler, linear = estimator[0], estimator[-1]
    return {
        "id": model_id,
        "version": VERSION,
        "feature_names": [snake_case(name) for name in dataset.feature_names],
        "classes": [str(name) for name in dataset.target_names],
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": linear.coef_.tolist(),
        "intercept": linear.intercept_.tolist(),
        "training_accuracy": round(float(estimator.score(dataset.data, dataset.target)), 4),
    }


def main(out_dir: Path = PARAMS_DIR) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for model_id in DATASETS:
        path = out_dir / f"{model_id}.json"
        path.write_text(json.dumps(parameters(model_id), indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

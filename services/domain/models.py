"""The tabular models as the services use them: fitted parameters and two fast paths.

The parameters come from ``model_params/*.json``, written by ``make models``
(``training.py``, scikit-learn). Loading them takes milliseconds and runs no code from
the file, unlike unpickling an estimator.

Why not call scikit-learn's ``predict_proba``? It re-validates its input on every call
(~0.2 ms for one row). The domain validates each row once, then ``predict_proba`` here
applies the same scaler and logistic regression with plain numpy, operation for
operation. On one machine the numbers are the same bits; across CPUs BLAS and numpy
pick other kernels and the last bits may differ, so a test compares them to within
1e-12. ``predict_one`` does the same for a single row on Python floats (3-4 µs, against
13-18 µs through numpy, whose fixed cost per call dominates one row).
"""

from __future__ import annotations

import functools
import json
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import expit

PARAMS_DIR = Path(__file__).with_name("model_params")


@dataclass(frozen=True)
class TabularModel:
    """A fitted classifier with the metadata clients need to call it."""

    id: str
    version: str
    feature_names: tuple[str, ...]
    classes: tuple[str, ...]
    mean: np.ndarray = field(repr=False, compare=False)
    scale: np.ndarray = field(repr=False, compare=False)
    coef: np.ndarray = field(repr=False, compare=False)
    intercept: np.ndarray = field(repr=False, compare=False)

    @classmethod
    def from_params(cls, params: dict) -> TabularModel:
        return cls(
            id=params["id"],
            version=params["version"],
            feature_names=tuple(params["feature_names"]),
            classes=tuple(params["classes"]),
            mean=np.array(params["mean"]),
            scale=np.array(params["scale"]),
            # Fortran order, as scikit-learn stores coef_: the same memory layout makes
            # numpy take the same BLAS path, hence the same rounding on this machine.
            coef=np.asfortranarray(params["coef"]),
            intercept=np.array(params["intercept"]),
        )

    @property
    def n_features(self) -> int:
        return len(self.feature_names)

    def describe(self) -> dict:
        """The model as every protocol shows it (docs/architecture.md, REST resources)."""
        return {
            "id": self.id,
            "version": self.version,
            "feature_names": list(self.feature_names),
            "classes": list(self.classes),
            "n_features": self.n_features,
        }

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        """Class probabilities for validated rows (n × n_features, float32 or float64).

        StandardScaler.transform, then LogisticRegression.predict_proba, without checks.
        """
        # in place: a second temporary of the batch's size costs more page faults than math
        scaled = np.subtract(rows, self.mean)
        scaled /= self.scale
        scores = scaled @ self.coef.T + self.intercept
        if scores.shape[1] == 1:  # binary: one logit through the sigmoid
            positive = expit(scores[:, 0])
            return np.stack([1 - positive, positive], axis=1)
        scores -= scores.max(axis=1, keepdims=True)  # softmax, as scikit-learn computes it
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict_one(self, values: tuple[float, ...]) -> tuple[str, float]:
        """``predict`` for one validated row, in plain Python: the label and its score.

        For one row numpy's fixed cost per call (about fifteen calls) is most of the
        time; these are the same operations on floats. The logits are exact sums
        (``math.fsum``), so they are the same bits on every CPU; a test holds them to
        ``predict_proba`` within 1e-12, on every training row.
        """
        mean, scale, coef, intercept = self._plain
        scaled = [(x - m) / s for x, m, s in zip(values, mean, scale, strict=True)]
        logits = [
            math.fsum([b, *map(operator.mul, weights, scaled)])
            for weights, b in zip(coef, intercept, strict=True)
        ]
        if len(logits) == 1:  # binary: one logit through the sigmoid, as expit computes it
            positive = _sigmoid(logits[0])
            proba = [1 - positive, positive]
        else:
            top = max(logits)
            exps = [math.exp(z - top) for z in logits]
            total = math.fsum(exps)
            proba = [e / total for e in exps]
        best = proba.index(max(proba))  # the first of equals, as argmax picks
        return self.classes[best], proba[best]

    @functools.cached_property
    def _plain(self) -> tuple[list[float], list[float], list[list[float]], list[float]]:
        return self.mean.tolist(), self.scale.tolist(), self.coef.tolist(), self.intercept.tolist()

    def predict(self, rows: np.ndarray) -> tuple[list[str], list[float]]:
        """The most probable label of each row and its probability (the score)."""
        proba = self.predict_proba(rows)
        best = proba.argmax(axis=1)
        labels = np.array(self.classes, dtype=object)[best].tolist()
        return labels, proba.max(axis=1).tolist()  # the value at ``best``, bit for bit


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)  # exp(-z) would overflow for a very negative z
    return e / (1 + e)


@functools.cache
def load_models(params_dir: Path = PARAMS_DIR) -> dict[str, TabularModel]:
    """Every model this repository serves, by id; read once per process."""
    models = (
        TabularModel.from_params(json.loads(path.read_text()))
        for path in sorted(params_dir.glob("*.json"))
    )
    return {model.id: model for model in models}

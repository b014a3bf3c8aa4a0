"""The models: known inputs give known labels; the numpy fast path equals scikit-learn."""

import json

import numpy as np
import pytest

from services.domain.models import PARAMS_DIR, load_models
from services.domain.training import DATASETS, fit, parameters

MODELS = load_models()


@pytest.mark.parametrize(
    ("model_id", "row", "label"),
    [
        ("iris", [5.1, 3.5, 1.4, 0.2], "setosa"),
        ("iris", [7.0, 3.2, 4.7, 1.4], "versicolor"),
        ("iris", [6.3, 3.3, 6.0, 2.5], "virginica"),
    ],
)
def test_known_iris_rows_get_their_species(model_id, row, label):
    labels, scores = MODELS[model_id].predict(np.array([row]))
    assert labels == [label]
    assert 0.5 < scores[0] <= 1.0


def test_known_breast_cancer_rows_get_their_diagnosis():
    data = DATASETS["breast-cancer"]()
    labels, _ = MODELS["breast-cancer"].predict(data.data[[0, 19]])
    assert labels == ["malignant", "benign"]
    assert [data.target_names[i] for i in data.target[[0, 19]]] == labels


def test_models_describe_themselves():
    assert MODELS["iris"].describe() == {
        "id": "iris",
        "version": "1.0.0",
        "feature_names": ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"],
        "classes": ["setosa", "versicolor", "virginica"],
        "n_features": 4,
    }
    assert MODELS["breast-cancer"].n_features == 30
    assert MODELS["breast-cancer"].classes == ("malignant", "benign")


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_fast_path_is_bit_identical_to_predict_proba(model_id):
    rows = DATASETS[model_id]().data
    estimator = fit(model_id)
    fast = MODELS[model_id]
    assert np.array_equal(fast.predict_proba(rows), estimator.predict_proba(rows))
    for i in range(0, len(rows), 7):  # one row at a time too: the shape the services use
        one = rows[i : i + 1]
        assert np.array_equal(fast.predict_proba(one), estimator.predict_proba(one))


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_committed_parameters_are_what_training_produces(model_id):
    """`make models` is deterministic and its output is committed: stale files fail here."""
    committed = json.loads((PARAMS_DIR / f"{model_id}.json").read_text())
    assert committed == parameters(model_id), "run `make models` and commit the result"

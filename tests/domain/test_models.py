"""The models: known inputs give known labels; both fast paths agree with scikit-learn."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.domain.models import PARAMS_DIR, TabularModel, load_models
from services.domain.training import DATASETS, fit, parameters
from services.domain.validation import feature_values

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


# Bit-identity holds on one machine only: another CPU makes BLAS and numpy choose other
# kernels (other blocking, FMA or not), which round differently in the last bits.
# The fast path with the same parameters does the same operations: only that rounding
# can differ, a few ULPs of a logit, far below 1e-12 relative.
FAST_PATH_RTOL = 1e-12
# Training amplifies it: lbfgs on the same data with the rows in another order (other
# sums, as another kernel makes) moved breast-cancer's coefficients by up to 3e-13 and
# its smallest probabilities (1e-24) by 6e-12, relative. 1e-10 leaves a margin of 15 and
# still fails on any change to the training itself (C moved by 0.1 %: 8e-4).
TRAINING_RTOL = 1e-10


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_fast_path_equals_predict_proba_on_every_row(model_id):
    """The numpy fast path with the estimator's own parameters: batch and row by row."""
    rows = DATASETS[model_id]().data
    estimator = fit(model_id)
    fast = TabularModel.from_params(parameters(model_id, estimator))
    expected = estimator.predict_proba(rows)
    np.testing.assert_allclose(fast.predict_proba(rows), expected, rtol=FAST_PATH_RTOL, atol=0)
    for i in range(len(rows)):  # one row at a time too: the shape the services use
        one = fast.predict_proba(rows[i : i + 1])
        np.testing.assert_allclose(one, expected[i : i + 1], rtol=FAST_PATH_RTOL, atol=0)


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_served_model_agrees_with_scikit_learn_on_every_row(model_id):
    """The committed parameters, as the services load them, against training here."""
    data = DATASETS[model_id]()
    estimator = fit(model_id)
    labels, _ = MODELS[model_id].predict(data.data)
    assert labels == [str(data.target_names[i]) for i in estimator.predict(data.data)]
    np.testing.assert_allclose(
        MODELS[model_id].predict_proba(data.data),
        estimator.predict_proba(data.data),
        rtol=TRAINING_RTOL,
        atol=0,
    )


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_committed_parameters_are_what_training_produces(model_id):
    """`make models` is deterministic and its output is committed: stale files fail here."""
    committed = json.loads((PARAMS_DIR / f"{model_id}.json").read_text())
    trained = parameters(model_id)
    numbers = ("mean", "scale", "coef", "intercept")
    assert {k: v for k, v in committed.items() if k not in numbers} == {
        k: v for k, v in trained.items() if k not in numbers
    }, "run `make models` and commit the result"
    for key in numbers:
        np.testing.assert_allclose(
            committed[key], trained[key], rtol=TRAINING_RTOL, atol=0, err_msg=key
        )


def one_and_batch(model: TabularModel, row: list[float]) -> tuple[tuple, tuple]:
    values = feature_values(model, row)
    labels, scores = model.predict(np.array([values]))
    return model.predict_one(values), (labels[0], scores[0])


@pytest.mark.parametrize("model_id", sorted(DATASETS))
def test_one_row_path_agrees_with_numpy_on_every_training_row(model_id):
    """predict_one (plain Python, what single predictions use) against predict (numpy)."""
    model = MODELS[model_id]
    for row in DATASETS[model_id]().data:
        (label, score), (numpy_label, numpy_score) = one_and_batch(model, row.tolist())
        assert label == numpy_label
        assert score == pytest.approx(numpy_score, rel=FAST_PATH_RTOL, abs=0)


@given(data=st.data())
def test_one_row_path_agrees_with_numpy_on_random_rows(data):
    """Rows up to ten standard deviations from the mean: logits large enough to saturate."""
    model = MODELS[data.draw(st.sampled_from(sorted(MODELS)))]
    z = st.floats(-10, 10, allow_nan=False)
    row = [m + s * data.draw(z) for m, s in zip(model.mean, model.scale, strict=True)]
    (label, score), (numpy_label, numpy_score) = one_and_batch(model, row)
    assert label == numpy_label
    assert score == pytest.approx(numpy_score, rel=FAST_PATH_RTOL, abs=0)


def test_one_row_path_survives_logits_beyond_exp_range():
    """A logit of -1e4 would overflow exp(-z) in a naive sigmoid."""
    model = MODELS["breast-cancer"]
    far = [m + 1e4 * s * w for m, s, w in zip(model.mean, model.scale, model.coef[0], strict=True)]
    for row in (far, [2 * m - x for m, x in zip(model.mean, far, strict=True)]):
        (label, score), (numpy_label, numpy_score) = one_and_batch(model, row)
        assert (label, score) == (numpy_label, numpy_score) and score == 1.0

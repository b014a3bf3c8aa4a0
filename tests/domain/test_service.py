"""The service layer: each operation, and each domain error it raises."""

import numpy as np
import pytest

from services.domain.errors import InvalidFeatures, InvalidInput, UnknownModel, UnknownPrediction

SETOSA = [5.1, 3.5, 1.4, 0.2]


def test_list_and_describe_models(service):
    assert [m["id"] for m in service.list_models()] == ["breast-cancer", "iris"]
    assert service.describe_model("iris")["n_features"] == 4


def test_unknown_model_names_the_known_ones(service):
    with pytest.raises(
        UnknownModel, match="unknown model 'nope'; known models: breast-cancer, iris"
    ):
        service.predict("nope", SETOSA)


def test_predict_one_and_batch_agree(service):
    one = service.predict("iris", SETOSA)
    batch = service.predict_batch("iris", [SETOSA, [6.3, 3.3, 6.0, 2.5]])
    assert one.label == "setosa"
    assert batch.labels == ["setosa", "virginica"]
    assert batch.scores[0] == pytest.approx(one.score, rel=1e-12)  # other shape, other BLAS kernel


def test_batch_from_an_array_equals_batch_from_lists(service):
    rows = [SETOSA, [7.0, 3.2, 4.7, 1.4]]
    assert service.predict_batch("iris", np.array(rows, dtype=np.float32)) == service.predict_batch(
        "iris", rows
    )


def test_stream_predictions_yields_as_rows_arrive_and_fails_at_the_bad_row(service):
    stream = service.stream_predictions("iris", iter([SETOSA, [1, 2]]))
    assert next(stream).label == "setosa"
    with pytest.raises(InvalidFeatures):
        next(stream)


def test_create_get_list_feedback_delete(service):
    created = service.create_prediction("iris", SETOSA)
    assert created["label"] == "setosa" and created["feedback"] is None
    assert created["created_at"].endswith("Z")
    assert service.get_prediction(created["id"]) == created
    page, token = service.list_predictions()
    assert page == [created] and token is None
    updated = service.set_feedback(created["id"], "versicolor")
    assert updated == created | {"feedback": "versicolor"}
    assert service.get_prediction(created["id"]) == updated
    service.delete_prediction(created["id"])
    with pytest.raises(UnknownPrediction):
        service.get_prediction(created["id"])
    with pytest.raises(UnknownPrediction):
        service.delete_prediction(created["id"])


def test_feedback_must_be_a_class_of_the_model(service):
    created = service.create_prediction("iris", SETOSA)
    with pytest.raises(InvalidInput) as caught:
        service.set_feedback(created["id"], "daisy")
    assert caught.value.violations[0].field == "feedback"
    assert "setosa, versicolor, virginica" in caught.value.violations[0].message


def test_bad_page_token_is_invalid_input(service):
    with pytest.raises(InvalidInput) as caught:
        service.list_predictions(page_token="garbage")
    assert caught.value.violations[0].field == "page_token"


def test_nothing_is_stored_when_features_are_invalid(service, store):
    with pytest.raises(InvalidFeatures):
        service.create_prediction("iris", [1, 2, 3])
    assert store.count() == 0

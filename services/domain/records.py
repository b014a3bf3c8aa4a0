"""Prediction that is stored: the records behind the REST resource /predictions.

``PredictionService`` is a ``Predictor`` with a ``PredictionStore``: REST (Flask,
FastAPI) and JSON-RPC build it, since their ``predict`` keeps a record a client can read,
page, correct and delete. Adapters that store nothing build a plain ``Predictor`` and
open no database.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from .errors import FieldViolation, InvalidInput, UnknownPrediction
from .group_commit import GroupCommit
from .models import TabularModel
from .service import Predictor
from .store import PredictionStore
from .validation import feature_values


class PredictionService(Predictor):
    """Everything a ``Predictor`` does, and a record of predictions."""

    def __init__(
        self,
        store: PredictionStore,
        models: dict[str, TabularModel] | None = None,
        max_batch_rows: int = 100_000,
        max_tokens: int = 512,
    ):
        super().__init__(models, max_batch_rows, max_tokens)
        self.store = store
        self.writer = GroupCommit(store)  # concurrent creations share one commit

    # stored predictions (the REST resource /predictions)
    def create_prediction(self, model_id: str, features: object) -> dict:
        """Prediction that is stored: predict one row, keep the record, return it."""
        prediction = self.new_prediction(model_id, features)
        self.writer.store_row(prediction)  # returns once the row is committed
        return prediction

    def new_prediction(self, model_id: str, features: object) -> dict:
        """The record ``create_prediction`` stores, not stored yet (``writer.commit`` does)."""
        model = self.get_model(model_id)
        label, score = model.predict_one(feature_values(model, features))
        prediction = {
            "id": str(uuid.uuid4()),
            "model_id": model.id,
            "model_version": model.version,
            "features": [float(x) for x in features],  # as sent; the model saw float32
            "label": label,
            "score": score,
            "created_at": _now(),
            "feedback": None,
        }
        return prediction

    def get_prediction(self, prediction_id: str) -> dict:
        prediction = self.store.get(prediction_id)
        if prediction is None:
            raise UnknownPrediction(f"no prediction with id {prediction_id!r}")
        return prediction

    def list_predictions(
        self, model_id: str | None = None, page_size: int = 50, page_token: str | None = None
    ) -> tuple[list[dict], str | None]:
        if model_id is not None:
            self.get_model(model_id)
        try:
            return self.store.page(model_id, page_size, page_token)
        except ValueError as error:
            raise InvalidInput(str(error), [FieldViolation("page_token", str(error))]) from None

    def set_feedback(self, prediction_id: str, feedback: str | None) -> dict:
        """Record the true label of a prediction (None clears it)."""
        prediction = self.get_prediction(prediction_id)
        classes = self.get_model(prediction["model_id"]).classes
        if feedback is not None and feedback not in classes:
            expected = f"one of {', '.join(classes)}, or null"
            raise InvalidInput(
                f"feedback {feedback!r} is not a class of model {prediction['model_id']!r}",
                [FieldViolation("feedback", f"expected {expected}, got {feedback!r}")],
            )
        if not self.store.set_feedback(prediction_id, feedback):
            raise UnknownPrediction(f"no prediction with id {prediction_id!r}")
        return prediction | {"feedback": feedback}

    def delete_prediction(self, prediction_id: str) -> None:
        if not self.store.delete(prediction_id):
            raise UnknownPrediction(f"no prediction with id {prediction_id!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

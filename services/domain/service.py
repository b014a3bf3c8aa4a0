"""The service layer: every operation that stores nothing, whatever the protocol.

``Predictor.predict`` is *prediction without storage*: gRPC, WebSocket, SSE and the
gateway call it (and the batch and streaming forms below). *Prediction that is stored*
is ``PredictionService.create_prediction`` in ``records.py``, for the REST resource
/predictions and JSON-RPC. Adapters parse their wire format, call one of these methods
and map the domain errors back; none of them predicts or validates on its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass

from .errors import FieldViolation, InvalidInput, UnknownModel
from .models import TabularModel, load_models
from .textgen import agenerate, generate
from .validation import check_row_stream, feature_matrix, feature_values


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    model_version: str = ""


@dataclass(frozen=True)
class BatchResult:
    model_id: str
    labels: list[str]
    scores: list[float]

    def as_dict(self) -> dict:
        pairs = zip(self.labels, self.scores, strict=True)
        predictions = [{"label": label, "score": score} for label, score in pairs]
        return {"model_id": self.model_id, "predictions": predictions}


class Predictor:
    """List and describe models, predict one row, a batch or a stream, generate tokens."""

    def __init__(
        self,
        models: dict[str, TabularModel] | None = None,
        max_batch_rows: int = 100_000,
        max_tokens: int = 512,
    ):
        self.models = load_models() if models is None else models
        self.max_batch_rows = max_batch_rows
        self.max_tokens = max_tokens

    # models
    def list_models(self) -> list[dict]:
        return [model.describe() for model in self.models.values()]

    def get_model(self, model_id: str) -> TabularModel:
        try:
            return self.models[model_id]
        except (KeyError, TypeError):
            known = ", ".join(self.models)
            raise UnknownModel(f"unknown model {model_id!r}; known models: {known}") from None

    def describe_model(self, model_id: str) -> dict:
        return self.get_model(model_id).describe()

    # predictions, not stored
    def predict(self, model_id: str, features: object) -> Prediction:
        """Prediction without storage: one row in, its label and score out."""
        model = self.get_model(model_id)
        label, score = model.predict_one(feature_values(model, features))
        return Prediction(label, score, model.version)

    def predict_batch(self, model_id: str, rows: object) -> BatchResult:
        """Rows as a list of lists (JSON) or a 2-D array (binary formats)."""
        model = self.get_model(model_id)
        matrix = feature_matrix(model, rows, self.max_batch_rows)
        if len(matrix) == 0:
            return BatchResult(model.id, [], [])
        labels, scores = model.predict(matrix)
        return BatchResult(model.id, labels, scores)

    def stream_predictions(self, model_id: str, rows: Iterable[object]) -> Iterator[Prediction]:
        """One prediction per incoming row, as each arrives; a bad row raises at its turn.

        The model and the batch itself are checked now, so those errors come before the
        stream starts (as ``generate_tokens`` does).
        """
        model = self.get_model(model_id)
        check_row_stream(rows, self.max_batch_rows)
        return self._predict_rows(model, rows)

    @staticmethod
    def _predict_rows(model: TabularModel, rows: Iterable[object]) -> Iterator[Prediction]:
        for row in rows:
            label, score = model.predict_one(feature_values(model, row))
            yield Prediction(label, score, model.version)

    # token generation (the tiny text generator standing in for an LLM)
    def generate_tokens(
        self, prompt: str, max_tokens: int = 32, seed: int = 0, delay: float = 0.0
    ) -> Iterator[str]:
        """Validate now (so errors come before the stream starts), then yield tokens."""
        self.check_generation(prompt, max_tokens, seed)
        return generate(prompt, max_tokens, seed, delay)

    def agenerate_tokens(
        self, prompt: str, max_tokens: int = 32, seed: int = 0, delay: float = 0.0
    ) -> AsyncIterator[str]:
        """``generate_tokens`` for asyncio servers."""
        self.check_generation(prompt, max_tokens, seed)
        return agenerate(prompt, max_tokens, seed, delay)

    def check_generation(self, prompt: object, max_tokens: object, seed: object) -> None:
        violations = []
        if not isinstance(prompt, str) or not prompt.strip():
            violations.append(FieldViolation("prompt", "expected a non-empty string"))
        elif len(prompt) > 4000:
            violations.append(
                FieldViolation("prompt", f"at most 4000 characters, got {len(prompt)}")
            )
        if not _is_int(max_tokens) or not 1 <= max_tokens <= self.max_tokens:
            message = f"expected an integer from 1 to {self.max_tokens}, got {max_tokens!r}"
            violations.append(FieldViolation("max_tokens", message))
        if not _is_int(seed):
            violations.append(FieldViolation("seed", f"expected an integer, got {seed!r}"))
        if violations:
            first = violations[0]
            raise InvalidInput(f"{first.field}: {first.message}", violations)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

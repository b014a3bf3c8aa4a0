"""A tabular model of the REST service as a chat model: the gateway translates protocols.

The user message "5.1, 3.5, 1.4, 0.2" becomes ``POST /batch-predictions?model_id=iris``
with ``{"rows": [[5.1, 3.5, 1.4, 0.2]]}`` over HTTP; the answer ``{"label", "score"}``
becomes the assistant's text. Nothing is stored: a completion is not a REST resource.
"""

from __future__ import annotations

import math

import httpx

from services.domain.errors import FieldViolation, InvalidInput, Unavailable

from . import Backend, Reply


class BackendFailed(Unavailable):
    """The backend answered, but not with something the gateway can pass on (502)."""

    code = "bad_gateway"
    title = "Bad gateway"


class RestClassifier(Backend):
    owned_by = "apilab-fastapi-rest"

    def __init__(self, model_id: str, rest_model_id: str, client: httpx.AsyncClient):
        super().__init__(model_id)
        self.rest_model_id = rest_model_id
        self.client = client

    async def complete(self, prompt: str, max_tokens: int, seed: int) -> Reply:
        features = parse_features(prompt)
        try:
            response = await self.client.post(
                "/batch-predictions",
                params={"model_id": self.rest_model_id},
                json={"rows": [features]},
            )
        except httpx.HTTPError as error:
            raise Unavailable(
                f"model {self.model_id!r} is unreachable: {type(error).__name__}"
            ) from error
        if response.status_code == 422:  # the features do not fit: the caller's mistake
            detail = response.json().get("detail", "invalid features")
            raise InvalidInput(detail, [FieldViolation("messages", detail)])
        if response.status_code != 200:
            raise BackendFailed(f"model {self.model_id!r} answered {response.status_code}")
        result = response.json()["predictions"][0]
        return Reply(f"{result['label']} (score {result['score']:.3f})", "stop")

    async def close(self) -> None:
        await self.client.aclose()


def parse_features(prompt: str) -> list[float]:
    """'5.1, 3.5, 1.4, 0.2' -> [5.1, 3.5, 1.4, 0.2], or a 400 that says what was expected."""
    try:
        features = [float(part) for part in prompt.split(",")]
    except ValueError:
        features = [math.nan]
    if not all(math.isfinite(x) for x in features):  # "nan" and "1e999" parse, JSON has neither
        message = "the last user message must be comma-separated numbers, e.g. '5.1, 3.5, 1.4, 0.2'"
        raise InvalidInput(message, [FieldViolation("messages", message)])
    return features

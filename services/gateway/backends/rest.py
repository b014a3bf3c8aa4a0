"""A tabular model of the REST service as a chat model: the gateway translates protocols.

The user message "5.1, 3.5, 1.4, 0.2" becomes ``POST /batch-predictions?model_id=iris``
with ``{"rows": [[5.1, 3.5, 1.4, 0.2]]}`` over HTTP; the answer ``{"label", "score"}``
becomes the assistant's text. Nothing is stored: a completion is not a REST resource,
so every call may be retried on another deployment.

Whatever comes back is checked before it is used: an answer that is not the service's
JSON (HTML from a proxy, ``{}``, a body cut short, a 422 that is not problem+json) is a
502 ``BackendFailed``, never an exception that escapes as a 500.
"""

from __future__ import annotations

import json
import math

import httpx

from services.domain.errors import FieldViolation, InvalidInput

from . import Backend, BackendFailed, Reply, Unreachable

CONNECT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RestClassifier(Backend):
    owned_by = "apilab-fastapi-rest"

    def __init__(self, model_id: str, rest_model_id: str, client: httpx.AsyncClient):
        super().__init__(model_id, str(client.base_url).rstrip("/"))
        self.rest_model_id = rest_model_id
        self.client = client

    async def invoke(self, body: object) -> dict:
        """``POST /batch-predictions`` with the body as sent; the service validates it."""
        try:
            response = await self.client.post(
                "/batch-predictions",
                params={"model_id": self.rest_model_id},
                content=json.dumps(body),  # as it came, ``null`` included
                headers={"Content-Type": "application/json"},
            )
        except CONNECT_ERRORS as error:
            raise Unreachable(f"{self.name} is unreachable: {type(error).__name__}") from error
        except httpx.HTTPError as error:  # connected, but the answer broke off
            raise BackendFailed(
                f"{self.name}: no complete answer ({type(error).__name__})"
            ) from error
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        if response.status_code in (400, 413, 415, 422) and problem:  # the request's fault
            detail = _json(response, self.name).get("detail")
            if not isinstance(detail, str):
                raise BackendFailed(f"{self.name} answered {response.status_code} without detail")
            raise InvalidInput(detail, [FieldViolation("messages", detail)])
        if response.status_code != 200:
            raise BackendFailed(f"{self.name} answered {response.status_code}")
        return _json(response, self.name)

    async def complete(self, prompt: str, max_tokens: int, seed: int, ignore_eos=False) -> Reply:
        result = (await self.predict([parse_features(prompt)], {}))[0]
        try:
            return Reply(f"{result['label']} (score {float(result['score']):.3f})", "stop")
        except (KeyError, TypeError, ValueError) as error:
            raise BackendFailed(f"{self.name} answered an unexpected prediction") from error

    async def predict(self, instances: list, parameters: dict) -> list:
        answer = await self.invoke({"rows": instances})
        predictions = answer.get("predictions")
        if not isinstance(predictions, list) or len(predictions) != len(instances):
            raise BackendFailed(f"{self.name} answered without one prediction per row")
        return predictions

    async def close(self) -> None:
        await self.client.aclose()


def _json(response: httpx.Response, name: str) -> dict:
    try:
        body = response.json()
    except ValueError as error:  # HTML, a truncated body, not UTF-8
        raise BackendFailed(f"{name} answered {response.status_code} with no JSON") from error
    if not isinstance(body, dict):
        raise BackendFailed(f"{name} answered JSON that is not an object")
    return body


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

"""A small HTTP client for the checks: one base URL, a time limit on every request."""

from __future__ import annotations

from urllib.parse import urljoin

import requests

from grading.api import CheckFailed, expect

FIELDS = {"id", "features", "label", "score", "true_label", "created_at"}
TIMEOUT = 5.0


class Api:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            return self.session.request(
                method, urljoin(self.base_url, path), timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException as error:
            raise CheckFailed(f"{method} {path}: no answer ({type(error).__name__})") from None

    def json(self, response: requests.Response, what: str):
        try:
            return response.json()
        except ValueError:
            raise CheckFailed(f"{what}: the body is not JSON: {response.text[:120]!r}") from None

    def create(self, features: list[float]) -> dict:
        """A stored prediction made through the API (any 2xx: other lines grade the 201)."""
        response = self.call("POST", "/predictions", json={"features": features})
        expect(
            200 <= response.status_code < 300,
            f"POST /predictions with valid features answered {response.status_code}",
        )
        body = self.json(response, "POST /predictions")
        expect(
            isinstance(body, dict) and isinstance(body.get("id"), int),
            f"POST /predictions must answer the stored prediction with an integer id: {body!r}",
        )
        return body

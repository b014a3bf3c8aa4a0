"""OpenAPI declarations of the problem+json error responses each router can send."""

from http import HTTPStatus

from services.wire.problems import PROBLEM_JSON
from services.wire.schemas import Problem


def problems(*statuses: int) -> dict:
    """``responses=`` entries for routers: these statuses answer problem+json."""
    schema = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: schema},
        }
        for status in statuses
    }

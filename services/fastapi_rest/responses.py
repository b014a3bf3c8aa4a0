"""OpenAPI declarations of the problem+json error responses each router can send."""

from http import HTTPStatus

from services.common.problems import PROBLEM_JSON


def problems(*statuses: int) -> dict:
    """``responses=`` entries for routers: these statuses answer problem+json (only)."""
    schema = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: schema},
        }
        for status in statuses
    }

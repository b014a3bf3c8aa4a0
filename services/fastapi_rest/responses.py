"""OpenAPI declarations of the problem+json error responses each router can send."""

from http import HTTPStatus

from services.wire.problems import PROBLEM_JSON


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


VALIDATORS = {
    "ETag": {"description": "Strong validator of this state", "schema": {"type": "string"}},
    "Cache-Control": {"description": "How long caches may reuse it", "schema": {"type": "string"}},
}
# GET routes with validators: the 200 carries them, If-None-Match may get 304 (no body)
CACHEABLE = {
    200: {"headers": VALIDATORS},
    304: {"description": "Not Modified: the If-None-Match tag is current", "headers": VALIDATORS},
}

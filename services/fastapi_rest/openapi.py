"""The OpenAPI document's metadata: servers, tags, contact, and answers as they are sent.

FastAPI writes the document from the routes; this adds what it cannot know: that every
error answer is problem+json (FastAPI's automatic 422 ``HTTPValidationError`` is never
sent, errors.py answers problem+json instead), which operations are open, and schemas
that hand-written ``responses=`` point to (``#/components/schemas/BatchOut``).
"""

from __future__ import annotations

from fastapi import FastAPI

from services.common import openapi
from services.wire.schemas import BatchIn, BatchOut, Problem

from . import auth
from .responses import problems

TAGS = [
    {"name": "health", "description": "Liveness and readiness probes (always open)"},
    {"name": "models", "description": "The models served and the features they expect"},
    {"name": "predictions", "description": "Stored predictions: create, read, correct, delete"},
    {"name": "batch", "description": "Many rows in one request, in any supported format"},
    {"name": "json-rpc", "description": "The same operations as JSON-RPC 2.0 calls"},
    {"name": "auth", "description": "OAuth 2.0 password flow: a bearer token for a user"},
]


def guard(method: str, operation: dict) -> None:
    """auth.guards asks for every check at once (AND, one requirement), with the scope."""
    if not operation.get("security"):
        return
    requirement = {name: [] for each in operation["security"] for name in each}
    if "OAuth2PasswordBearer" in requirement:
        scope = "predictions:read" if method.upper() in auth.READ_METHODS else "predictions:write"
        requirement["OAuth2PasswordBearer"] = [scope]
        operation["responses"].setdefault("403", problems(403)[403])
    operation["security"] = [requirement]
    operation["responses"].setdefault("401", problems(401)[401])


def install(app: FastAPI, with_auth: bool) -> None:
    app.servers = openapi.SERVERS
    app.contact = openapi.CONTACT
    app.openapi_tags = [tag for tag in TAGS if with_auth or tag["name"] != "auth"]
    build = app.openapi

    def document() -> dict:
        schema = build()  # FastAPI caches it: every change below is idempotent
        for operation in openapi.operations(schema):
            automatic = operation["responses"].get("422", {}).get("content", {})
            if "HTTPValidationError" in str(automatic):
                del operation["responses"]["422"]
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        openapi.add_schemas(
            schema, (BatchIn, "validation"), (BatchOut, "serialization"), (Problem, "serialization")
        )
        for path in schema["paths"].values():
            for method, operation in path.items():
                guard(method, operation)
        openapi.mark_open_operations(schema)
        return schema

    app.openapi = document

"""What every served OpenAPI document states beyond what its framework writes by itself.

Linters (Spectral's ``spectral:oas``, Redocly's ``recommended``; ``make lint``) ask each
document for a server, a contact and an explicit ``security: []`` on operations that need
no credentials; the FastAPI apps (fastapi_rest, gateway) add them here, flask_rest's
hand-written openapi.yaml says the same by hand.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

# relative: "Try it out" in Swagger UI calls the server that served the page, any port
SERVERS = [{"url": "/", "description": "The server that serves this document"}]
CONTACT = {"name": "API Lab maintainers"}  # SECURITY.md says how to report a problem
COMPONENTS_REF = "#/components/schemas/{model}"


def operations(document: dict):
    for item in document.get("paths", {}).values():
        yield from (op for method, op in item.items() if method != "parameters")


def mark_open_operations(document: dict) -> None:
    """An operation without a security requirement is open: say so with ``security: []``."""
    if "security" not in document:
        for operation in operations(document):
            operation.setdefault("security", [])


def add_schemas(document: dict, *models: tuple[type[BaseModel], str]) -> None:
    """Put (model, mode) schemas, and those they use, under components/schemas."""
    _, top = models_json_schema(list(models), ref_template=COMPONENTS_REF)
    document.setdefault("components", {}).setdefault("schemas", {}).update(top["$defs"])

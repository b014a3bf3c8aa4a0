"""The gateway's OpenAPI metadata (servers, tags, contact, open probes) and offline /docs."""

from __future__ import annotations

from fastapi import FastAPI

from services.common import openapi, swagger_ui

TAGS = [
    {"name": "health", "description": "Probes and Prometheus metrics (open, no key)"},
    {"name": "models", "description": "The models behind the gateway, OpenAI-shaped"},
    {"name": "chat", "description": "Chat completions, streamed or whole"},
    {"name": "embeddings", "description": "Vectors for texts"},
    {"name": "bedrock", "description": "AWS Bedrock's styles: invoke (free-form) and converse"},
    {"name": "vertex", "description": "Google Vertex AI's style: instances in, predictions out"},
    {"name": "cost", "description": "What a key has spent, and its budget"},
]


def install(app: FastAPI) -> None:
    """Call last in create_app: it wraps whatever ``app.openapi`` is by then."""
    app.servers = openapi.SERVERS
    app.contact = openapi.CONTACT
    app.openapi_tags = TAGS
    build = app.openapi

    def document() -> dict:
        schema = build()
        openapi.mark_open_operations(schema)
        return schema

    app.openapi = document
    app.include_router(swagger_ui.router(app.title))
    swagger_ui.mount_assets(app)

"""Swagger UI 5 at /docs from files installed with the environment: no CDN, works offline.

FastAPI's own /docs loads Swagger UI from a CDN, so a classroom or CI machine without
internet shows a blank page. The files come from the ``fastapi-offline`` package (Swagger
UI 5: FastAPI writes OpenAPI 3.1, which Swagger UI 4 refuses to render). Both FastAPI apps
(fastapi_rest and the gateway) serve their documents through this module.
"""

from __future__ import annotations

import re
from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/swagger-ui"
FILES = files("fastapi_offline") / "static"


def bundled_version() -> str:
    """The Swagger UI version the installed bundle announces (a test pins it to >= 5)."""
    bundle = (FILES / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    return re.search(r'PACKAGE_VERSION:"([^"]+)"', bundle).group(1)


def router(title: str, openapi_url: str = "/openapi.json") -> APIRouter:
    """/docs and the OAuth 2.0 redirect page its Authorize button comes back to."""
    docs = APIRouter(include_in_schema=False)

    @docs.get("/docs")
    def swagger_ui():
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    @docs.get("/docs/oauth2-redirect")
    def swagger_ui_redirect():
        return get_swagger_ui_oauth2_redirect_html()

    return docs


def mount_assets(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(FILES)), name="swagger-ui")

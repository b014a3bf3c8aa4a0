"""Swagger UI (/docs) in real headless Chromium: it renders, "Try it out" works, Authorize too.

Every docs page the repository serves is here: fastapi_rest's (open, and with OAuth 2.0
on) and the gateway's. The page may load nothing but its own server's files.
"""

import json
import re
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from services.common import swagger_ui
from services.common.launch import launch
from services.fastapi_rest.auth import hash_password

IRIS_ROW = {"model_id": "iris", "features": [6.3, 3.3, 6.0, 2.5]}
USERS = {"alice": {"password_hash": hash_password("wonderland"), "scopes": ["predictions:write"]}}


@pytest.fixture
def open_docs(browser):
    """Open /docs of a running service; fail on any request to another host or port."""
    pages = []

    def opener(service):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        elsewhere = []
        page.on(
            "request",
            lambda r: urlsplit(r.url).netloc != service.address and elsewhere.append(r.url),
        )
        page.goto(f"{service.url}/docs")
        expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
        page.elsewhere = elsewhere
        return page

    yield opener
    for page in pages:
        page.close()


def try_it_out(page, operation_id: str, body: dict | None = None) -> str:
    """Expand the operation, "Try it out", put the body in, Execute: the status shown."""
    operation = page.locator(f"[id$='-{operation_id}']")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    if body is not None:
        operation.locator("textarea.body-param__text").fill(json.dumps(body))
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tr.response td.response-col_status").first
    expect(status).to_have_text(re.compile(r"\d{3}"), timeout=10_000)
    return status.inner_text().strip()


def test_the_bundle_is_swagger_ui_5():
    assert int(swagger_ui.bundled_version().split(".")[0]) >= 5


def test_fastapi_docs_render_and_try_it_out_creates_a_prediction(open_docs):
    with launch("fastapi_rest") as rest:
        document = requests.get(f"{rest.url}/openapi.json", timeout=10).json()
        operations = sum(len(path) for path in document["paths"].values())
        page = open_docs(rest)
        expect(page.locator(".opblock")).to_have_count(operations)  # every one rendered
        assert "Unable to render" not in page.content()
        # the example body the page fills in by itself is a valid request: no typing needed
        assert try_it_out(page, "create_prediction_predictions_post") == "201"
        assert page.elsewhere == []


def test_fastapi_docs_authorize_with_oauth_then_create(open_docs):
    with launch("fastapi_rest", env={"APILAB_AUTH_USERS": json.dumps(USERS)}) as rest:
        page = open_docs(rest)
        assert try_it_out(page, "create_prediction_predictions_post", IRIS_ROW) == "401"
        page.locator(".auth-wrapper > button.authorize").click()
        dialog = page.locator(".modal-ux")
        dialog.locator("#oauth_username").fill("alice")
        dialog.locator("#oauth_password").fill("wonderland")
        dialog.locator("button.authorize").first.click()
        expect(page.locator(".auth-wrapper > button.authorize")).to_have_class(
            re.compile(r"\blocked\b"), timeout=10_000
        )
        if dialog.is_visible():
            dialog.locator("button.btn-done").first.click()
        page.locator("button.execute").click()
        status = page.locator(".live-responses-table tr.response td.response-col_status").first
        expect(status).to_have_text("201", timeout=10_000)
        assert page.elsewhere == []


def test_gateway_docs_authorize_with_a_key_then_embed(open_docs):
    with launch("gateway") as gateway:
        page = open_docs(gateway)
        body = {"model": "apilab-hash-embedding", "input": "an API"}
        assert try_it_out(page, "create_embeddings_v1_embeddings_post", body) == "401"
        page.locator(".auth-wrapper > button.authorize").click()
        dialog = page.locator(".modal-ux")
        dialog.locator("input").first.fill("sk-apilab-demo")  # accepted on loopback only
        dialog.locator("button.authorize").first.click()
        expect(page.locator(".auth-wrapper > button.authorize")).to_have_class(
            re.compile(r"\blocked\b"), timeout=10_000
        )
        dialog.locator("button.btn-done").first.click()
        page.locator("button.execute").click()
        status = page.locator(".live-responses-table tr.response td.response-col_status").first
        expect(status).to_have_text("200", timeout=10_000)
        assert page.elsewhere == []

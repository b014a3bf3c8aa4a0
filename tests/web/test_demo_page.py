"""The demo page in real headless Chromium (tests/web/conftest.py) against real services."""

import json
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from services.common.launch import free_port, launch


@pytest.fixture(scope="module")
def page_url():
    rest_port = free_port()
    origin = f"http://127.0.0.1:{rest_port}"
    sse_env = {"APILAB_CORS_ORIGINS": json.dumps([origin]), "APILAB_TOKEN_DELAY": "0.01"}
    with (
        launch("fastapi_rest", port=rest_port) as rest,
        launch("sse_service", env=sse_env) as sse,
        launch("websocket_service", env={"APILAB_HEARTBEAT_SECONDS": "0.3"}) as ws,
    ):
        yield f"{rest.url}/demo/?sse={sse.url}&ws=ws://{ws.address}/ws"


@pytest.fixture(scope="module")
def page(page_url, browser):
    page = browser.new_page()
    page.goto(page_url)
    yield page
    page.close()


def test_tokens_stream_in_order(page, service):
    page.fill("#prompt", "A gateway")
    page.fill("#max-tokens", "16")
    page.click("#stream")
    expect(page.locator("#sse-status")).to_have_text("done", timeout=10_000)
    expected = "".join(service.generate_tokens("A gateway", 16, 0))
    assert page.locator("#tokens").text_content() == expected


def test_the_websocket_server_pushes_models_and_heartbeats_unasked(page):
    expect(page.locator("#ws-status")).to_have_text("open", timeout=10_000)
    expect(page.locator("#model option")).to_have_text(["breast-cancer", "iris"])
    expect(page.locator("#heartbeat")).not_to_have_text("none yet", timeout=5_000)


def test_a_prediction_arrives_over_the_websocket(page):
    expect(page.locator("#ws-status")).to_have_text("open", timeout=10_000)
    page.select_option("#model", "iris")
    page.fill("#features", "6.3, 3.3, 6.0, 2.5")
    page.click("#predict")
    expect(page.locator("#prediction")).to_contain_text("virginica", timeout=10_000)
    expect(page.locator("#prediction")).to_contain_text("ms on the server")


@pytest.mark.parametrize(
    ("features", "shown"),
    [("1, 2", "expected 4 features"), ("1, a, 2, 3", "features[1]")],
)
def test_bad_features_show_the_websocket_error_and_the_connection_stays(page, features, shown):
    page.select_option("#model", "iris")
    page.fill("#features", features)
    page.click("#predict")
    expect(page.locator("#ws-error")).to_contain_text(shown, timeout=10_000)
    expect(page.locator("#ws-status")).to_have_text("open")  # the connection survived


def test_a_refused_stream_shows_the_problem_naming_the_field(page):
    page.fill("#prompt", "   ")
    page.click("#stream")
    expect(page.locator("#sse-status")).to_have_text("failed", timeout=10_000)
    expect(page.locator("#sse-error")).to_contain_text("prompt: expected a non-empty string")
    page.fill("#prompt", "An API")
    page.fill("#max-tokens", "100000")
    page.click("#stream")
    expect(page.locator("#sse-error")).to_contain_text("max_tokens", timeout=10_000)


def test_the_page_says_what_it_shows_and_every_request_succeeds(page_url, browser):
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.goto(page_url)
    expect(page.locator("#ws-status")).to_have_text("open", timeout=10_000)
    expect(page.locator("h1")).to_have_text("API Lab: streaming in the browser")
    assert "EventSource" in page.locator("header p").inner_text()
    assert failed == []
    # Chromium fetches /favicon.ico outside the page's events (a 404 on every load before):
    # an inline icon means it never asks
    assert page.locator("link[rel=icon]").get_attribute("href").startswith("data:image/svg+xml")
    page.close()


KEY = "k&y=1+2/#"  # every character that breaks a hand-built query string


@pytest.fixture(scope="module")
def keyed_page_url():
    rest_port = free_port()
    env = {"APILAB_API_KEYS": json.dumps([KEY])}
    sse_env = {**env, "APILAB_CORS_ORIGINS": f"http://127.0.0.1:{rest_port}"}
    with (
        launch("fastapi_rest", port=rest_port) as rest,
        launch("sse_service", env={**sse_env, "APILAB_TOKEN_DELAY": "0.01"}) as sse,
        launch("websocket_service", env=env) as ws,
    ):
        query = urlencode({"sse": sse.url, "ws": f"ws://{ws.address}/ws", "key": KEY})
        yield f"{rest.url}/demo/?{query}"


def test_an_api_key_with_reserved_characters_reaches_both_services(keyed_page_url, browser):
    page = browser.new_page()
    page.goto(keyed_page_url)
    expect(page.locator("#ws-status")).to_have_text("open", timeout=10_000)
    page.fill("#max-tokens", "4")
    page.click("#stream")
    expect(page.locator("#sse-status")).to_have_text("done", timeout=10_000)
    page.close()

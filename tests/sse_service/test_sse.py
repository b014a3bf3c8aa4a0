"""The SSE service with real clients (httpx, httpx-sse): events, resume, errors, disconnect."""

import json
import threading
import time

import httpx
import pytest
import uvicorn
from httpx_sse import connect_sse
from waits import eventually

from services.common.launch import free_port, launch
from services.domain import service as service_module
from services.sse_service import create_app
from services.sse_service.settings import SSESettings

ENV = {"APILAB_TOKEN_DELAY": "0", "APILAB_MAX_BODY_BYTES": "4096"}
SETOSA = [5.1, 3.5, 1.4, 0.2]


@pytest.fixture(scope="module")
def server():
    with launch("sse_service", env=ENV) as running:
        yield running


def events(server, method="POST", path="/generate", **kwargs):
    with (
        httpx.Client(base_url=server.url, timeout=10) as client,
        connect_sse(client, method, path, **kwargs) as source,
    ):
        return list(source.iter_sse())


def test_post_streams_the_domains_tokens_then_done(server, service):
    received = events(server, json={"prompt": "An API", "max_tokens": 8, "seed": 2})
    tokens = [json.loads(e.data)["token"] for e in received[:-1]]
    assert tokens == list(service.generate_tokens("An API", 8, 2))
    assert [e.id for e in received] == [str(i) for i in range(9)]
    assert received[-1].data == "[DONE]"
    assert received[0].retry == 3000


def test_get_form_for_event_source_gives_the_same_tokens(server):
    posted = events(server, json={"prompt": "An API", "max_tokens": 6, "seed": 1})
    got = events(
        server, "GET", "/generate", params={"prompt": "An API", "max_tokens": 6, "seed": 1}
    )
    assert [e.data for e in got] == [e.data for e in posted]


def test_last_event_id_resumes_after_that_event(server):
    full = events(server, json={"prompt": "An API", "max_tokens": 6})
    resumed = events(
        server, json={"prompt": "An API", "max_tokens": 6}, headers={"Last-Event-ID": "2"}
    )
    assert [e.id for e in resumed] == ["3", "4", "5", "6"]
    assert [e.data for e in resumed] == [e.data for e in full[3:]]


def test_batch_stream_sends_one_event_per_row_then_an_error_event(server):
    received = events(
        server,
        path="/batch-predictions/stream?model_id=iris",
        json={"rows": [SETOSA, [6.3, 3.3, 6.0, 2.5], [1, 2]]},
    )
    assert [json.loads(e.data)["label"] for e in received[:2]] == ["setosa", "virginica"]
    assert received[2].event == "error"
    error = json.loads(received[2].data)
    assert error["code"] == "invalid_features" and error["errors"][0]["field"] == "features"
    assert len(received) == 3  # the stream ended after the error


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"prompt": ""}}, 422, "invalid_input"),
        ({"json": {"prompt": "hi", "max_tokens": 9999}}, 422, "invalid_input"),
        (
            {"content": b"prompt=hi", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        (
            {"json": {"prompt": "hi"}, "headers": {"accept": "application/json"}},
            406,
            "not_acceptable",
        ),
        (
            {"content": b"{", "headers": {"content-type": "application/json"}},
            400,
            "malformed_payload",
        ),
        ({"json": {"prompt": "x" * 5000}}, 413, "payload_too_large"),
    ],
)
def test_errors_before_the_stream_are_http_problems(server, kwargs, status, code):
    response = httpx.post(f"{server.url}/generate", timeout=5, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert events(server, json={"prompt": "still", "max_tokens": 1})[-1].data == "[DONE]"


def test_an_unknown_model_is_a_404_before_the_stream_starts(server):
    response = httpx.post(
        f"{server.url}/batch-predictions/stream?model_id=daisy", json={"rows": [SETOSA]}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_model"


def test_event_source_get_is_406_when_accept_excludes_event_streams(server):
    response = httpx.get(
        f"{server.url}/generate", params={"prompt": "hi"}, headers={"accept": "text/html"}
    )
    assert (response.status_code, response.json()["code"]) == (406, "not_acceptable")


def test_idle_streams_get_keep_alive_comments():
    env = {"APILAB_TOKEN_DELAY": "0.6", "APILAB_KEEPALIVE_SECONDS": "0.2"}
    with (
        launch("sse_service", env=env) as slow,
        httpx.stream(
            "POST", f"{slow.url}/generate", json={"prompt": "hi", "max_tokens": 1}, timeout=10
        ) as response,
    ):
        lines = list(response.iter_lines())
    assert any(line.startswith(": ping") for line in lines)


def test_a_client_that_disconnects_stops_the_generation(monkeypatch, tmp_path):
    produced_at = []  # when each token left the generator
    real = service_module.agenerate

    closed = []  # set when the generator has ended: told to stop, or done

    async def timed(*args, **kwargs):
        try:
            async for token in real(*args, **kwargs):
                produced_at.append(time.monotonic())
                yield token
        finally:
            closed.append(len(produced_at))

    monkeypatch.setattr(service_module, "agenerate", timed)
    settings = SSESettings(db_path=tmp_path / "db.sqlite3", token_delay=0.02)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert eventually(lambda: server.started, 30)
    try:
        body = {"prompt": "An API", "max_tokens": 500}  # 10 s of tokens at 0.02 s each
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client,
            connect_sse(client, "POST", "/generate", json=body) as source,
        ):
            for _ in zip(range(3), source.iter_sse(), strict=False):
                pass
        # the generator noticed and ended, and nothing ran after: of 500 tokens (10 s), a
        # handful more were made while the hang-up travelled (a few on a busy machine)
        assert eventually(lambda: closed, 5)
        assert closed == [len(produced_at)] and len(produced_at) < 100
    finally:
        server.should_exit = True
        thread.join(5)

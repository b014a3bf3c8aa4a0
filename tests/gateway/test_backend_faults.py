"""A backend that answers garbage is a 502 in the style's own shape: no traceback, no reset."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from gateway_wire import ADMIN, KEYS, bearer, chat, openai_error

from services.common.launch import launch

GARBAGE = {
    "200 with HTML": (200, "text/html", b"<html><body>502 Bad Gateway (nginx)</body></html>"),
    "200 with {}": (200, "application/json", b"{}"),
    "200 with a list": (200, "application/json", b"[1, 2]"),
    "200 with a wrong prediction": (200, "application/json", b'{"predictions": [{"x": 1}]}'),
    "truncated body": (200, "application/json", b'{"predictions": [{"label"'),
    "422 not problem+json": (422, "text/plain", b"unprocessable"),
    "422 problem without detail": (422, "application/problem+json", b'{"title": "x"}'),
    "500": (500, "application/json", b'{"error": "boom"}'),
}


class Garbage(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "200 with {}"

    def do_POST(self):  # noqa: N802 (the stdlib's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, media, body = GARBAGE[Garbage.mode]
        self.send_response(status)
        self.send_header("Content-Type", media)
        truncated = Garbage.mode == "truncated body"
        self.send_header("Content-Length", str(len(body) + (100 if truncated else 0)))
        self.end_headers()
        self.wfile.write(body)
        if truncated:
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def behind_garbage():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    env = {
        "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
        "APILAB_GATEWAY_DEPLOYMENTS": json.dumps({"iris-classifier": [url]}),
        "APILAB_GATEWAY_RETRIES": "0",
        "APILAB_GATEWAY_CACHE": "false",
    }
    with (
        launch("gateway", env=env) as gateway,
        httpx.Client(base_url=gateway.url, timeout=10) as http,
    ):
        yield gateway, http
    server.shutdown()


@pytest.mark.parametrize("mode", GARBAGE)
def test_garbage_from_the_backend_is_502_and_the_connection_stays(behind_garbage, mode):
    gateway, http = behind_garbage
    Garbage.mode = mode
    response = http.post(
        "/v1/chat/completions",
        json=chat("iris-classifier", "5.1, 3.5, 1.4, 0.2"),
        headers=bearer(ADMIN),
    )
    assert response.status_code == 502, response.text
    assert openai_error(response)["type"] == "server_error"
    assert response.headers.get("connection") != "close"
    invoke = http.post(
        "/model/iris-classifier/invoke",
        json={"rows": [[5.1, 3.5, 1.4, 0.2]]},
        headers=bearer(ADMIN),
    )
    if mode in ("200 with {}", "200 with a wrong prediction"):  # invoke passes the model's JSON on
        assert invoke.status_code == 200
    else:
        assert (
            invoke.status_code == 502
            and invoke.headers["x-amzn-ErrorType"] == "ModelErrorException"
        )
    predict = http.post(
        "/v1/models/iris-classifier:predict",
        json={"instances": [[5.1, 3.5, 1.4, 0.2]]},
        headers=bearer(ADMIN),
    )
    if mode == "200 with a wrong prediction":  # Vertex passes each prediction's own shape on
        assert predict.json()["predictions"] == [{"x": 1}]
    else:
        assert predict.status_code == 502 and predict.json()["error"]["status"] == "INTERNAL"
    still = http.post(
        "/v1/chat/completions",
        json=chat("apilab-markov", "hi", max_tokens=2),
        headers=bearer(ADMIN),
    )
    assert still.status_code == 200  # the same connection, still served
    assert "Traceback" not in gateway.log()

"""Hidden checks of notebook 03's web exercises: a retried POST, a conditional PUT.

Both run the student's function through a small HTTP proxy on loopback that misbehaves
the way networks and other clients do: it loses the first answer of a POST after the
service stored the row, or lets another client write between the student's read and
write. A hard-coded answer cannot pass: the checks count rows and read the stored state.
"""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from grading.api import check, defined, expect

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "host"}


class Proxy:
    """Forwards to ``upstream``; ``before(method, path)`` may return "drop" or act first."""

    def __init__(self, upstream: str, before):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the grader's output is the verdict
                pass

            def forward(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                action = before(self.command, self.path)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                answer = requests.request(
                    self.command, upstream + self.path, data=body, headers=headers, timeout=10
                )
                if action == "drop":  # the server did the work; the answer never arrives
                    self.close_connection = True
                    return
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=proxy.server.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def fresh_row() -> dict:
    return {"model_id": "iris", "features": [round(random.uniform(4.5, 7.5), 4) for _ in range(4)]}


def stored_with(base: str, features: list) -> int:
    count, params = 0, {"page_size": 1000}
    while True:
        page = requests.get(f"{base}/predictions", params=params, timeout=10).json()
        count += sum(p["features"] == features for p in page["predictions"])
        if not page["next_page_token"]:
            return count
        params["page_token"] = page["next_page_token"]


@check(4)
def post_once(ns, stdout):
    function = defined(ns, "post_once(base_url, row)")
    base, row = ns["fastapi"].url, fresh_row()
    posts = []

    def lose_the_first_answer(method, path):
        if method == "POST":
            posts.append(path)
            return "drop" if len(posts) == 1 else None
        return None

    with Proxy(base, lose_the_first_answer) as proxy:
        try:
            prediction = function(proxy.url, row)
        except requests.ConnectionError:
            expect(False, "the first answer was lost (ConnectionError): catch it and try again")
    expect(len(posts) >= 2, "the first answer was lost: post_once should have retried")
    stored = stored_with(base, row["features"])
    expect(
        stored == 1,
        f"{stored} predictions were stored for one call: the retry must carry the same "
        "Idempotency-Key as the first attempt",
    )
    expect(
        isinstance(prediction, dict) and prediction.get("features") == row["features"],
        "return the stored prediction (the answer's JSON)",
    )


@check(5)
def update_if_unchanged(ns, stdout):
    function = defined(ns, "update_if_unchanged(item_url, feedback)")
    base = ns["fastapi"].url
    path = requests.post(f"{base}/predictions", json=fresh_row(), timeout=5).headers["location"]
    interfered = []

    def another_client_writes_first(method, request_path):
        if method in ("PUT", "PATCH") and not interfered:
            interfered.append(method)
            requests.put(f"{base}{path}", json={"feedback": "setosa"}, timeout=5)
        return None

    with Proxy(base, another_client_writes_first) as proxy:
        status = function(proxy.url + path, "virginica")
    expect(interfered, "update_if_unchanged should write with PUT")
    stored = requests.get(f"{base}{path}", timeout=5).json()["feedback"]
    expect(
        stored == "setosa",
        "another client set the feedback between your read and your write, and your write "
        "overwrote it: send the ETag you read in If-Match",
    )
    expect(status == 412, f"a write on a changed prediction answers 412; you returned {status!r}")
    with Proxy(base, lambda method, request_path: None) as proxy:
        status = function(proxy.url + path, "virginica")
    expect(status == 200, f"with nobody else writing, the update should succeed; got {status!r}")
    stored = requests.get(f"{base}{path}", timeout=5).json()["feedback"]
    expect(stored == "virginica", "after a successful update the feedback should be yours")

"""Hidden checks of notebook 04: claims() on unseen tokens; the requests carried the tokens."""

import base64
import json

import requests

from grading.api import check, defined, expect


def _decode(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _token(payload):
    """A JWT-shaped string (unsigned: claims() only reads it) whose payload needs padding."""
    raw = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJub25lIn0.{raw}.c2ln"


@check(1)
def claims(ns, stdout):
    function = defined(ns, "claims(token)", "that returns the payload")
    reader = requests.post(
        f"{ns['oauth'].url}/token", data={"username": "reader", "password": "read-only"}, timeout=5
    ).json()["access_token"]
    samples = [reader] + [_token({"sub": "é?>" * n, "n": n}) for n in (1, 2, 3)]
    for token in samples:
        got, want = function(token), _decode(token)
        expect(got == want, f"claims() of a token whose payload is {want} returned {got!r}")


def _bearer(response):
    header = response.request.headers.get("Authorization", "")
    expect(header.startswith("Bearer "), "send the token as `Authorization: Bearer <token>`")
    return header.removeprefix("Bearer ")


@check(2)
def writer_creates(ns, stdout):
    created = ns.get("created")
    expect(isinstance(created, requests.Response), "keep the answer of the POST in `created`")
    sent = created.request
    expect(
        sent.method == "POST" and sent.url.endswith("/predictions"),
        f"send POST /predictions; your request was {sent.method} {sent.path_url}",
    )
    token = _bearer(created)
    expect(_decode(token).get("sub") == "writer", "use a token of the user `writer`")
    expect(created.status_code == 201, f"expected 201 Created, got {created.status_code}")
    stored = requests.get(
        ns["oauth"].url + created.headers["Location"],
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).json()
    expect(stored.get("features") == ns["ROW"]["features"], "the stored prediction is not ROW")
    want = f"201 {stored['label']}"
    expect(want in stdout, f"print the status code and the label: expected {want!r}")


@check(3)
def reader_forbidden(ns, stdout):
    asked, answer = ns.get("asked"), ns.get("answer")
    expect(isinstance(asked, dict), "keep the token endpoint's JSON answer in `asked`")
    expect(isinstance(answer, requests.Response), "keep the answer of GET /models in `answer`")
    token = _bearer(answer)
    expect(token == asked.get("access_token"), "call GET /models with the token in `asked`")
    expect(_decode(token).get("sub") == "reader", "ask for the token as the user `reader`")
    expect(answer.request.url.endswith("/models"), "call GET /models with that token")
    expect(answer.status_code == 403, f"expected 403 Forbidden, got {answer.status_code}")
    want = f"{asked['scope']!r} 403 {answer.headers['www-authenticate']}"
    expect(want in stdout, f"print the scope (repr), the status and the challenge: {want!r}")

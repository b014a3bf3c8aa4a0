"""Hidden checks of notebook 04's build tasks: verify() against tokens the live service issued
and forgeries the student has not seen; the student's key-guarded app, served on a real port."""

import base64
import inspect
import json
import secrets
import time

import jwt
import requests

from grading import live
from grading.api import check, defined, expect


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@check(4)
def verify_by_hand(ns, stdout):
    verify = defined(ns, "verify(token, secret)")
    secret = ns["JWT_SECRET"]
    genuine = requests.post(
        f"{ns['oauth'].url}/token",
        data={"username": "writer", "password": "read-and-write"},
        timeout=5,
    ).json()["access_token"]
    claims = verify(genuine, secret)
    expect(
        isinstance(claims, dict) and claims.get("sub") == "writer",
        f"a genuine token of the service gave {claims!r}, not its claims",
    )
    head, body, signature = genuine.split(".")
    promoted = dict(claims, scope="admin")
    forgeries = {
        "a token checked with another secret": (genuine, secret + "x"),
        "an edited payload": (f"{head}.{_b64(promoted)}.{signature}", secret),
        'alg "none"': (f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(promoted)}.", secret),
        "an expired token": (
            jwt.encode(dict(claims, exp=int(time.time()) - 5), secret, algorithm="HS256"),
            secret,
        ),
        "a token without exp": (
            jwt.encode({"sub": "writer", "scope": "x"}, secret, algorithm="HS256"),
            secret,
        ),
        "an HS512 token": (jwt.encode(claims, secret, algorithm="HS512"), secret),
        "two parts": (f"{head}.{body}", secret),
        "not base64": ("%%%.%%%.%%%", secret),
    }
    for name, (token, key) in forgeries.items():
        got = verify(token, key)
        expect(got is None, f"{name} was accepted: verify returned {got!r}, not None")
    fresh = jwt.encode({"sub": "someone", "exp": int(time.time()) + 60}, secret, algorithm="HS256")
    got = verify(fresh, secret)
    expect(
        isinstance(got, dict) and got.get("sub") == "someone", "a fresh genuine token was refused"
    )


@check(5)
def keyed_app(ns, stdout):
    make = defined(ns, "make_keyed_app(keys)", "that returns a FastAPI app")
    keys = [secrets.token_urlsafe(16), secrets.token_urlsafe(16)]
    with live.asgi(make(keys)) as url:
        for key in keys:
            answer = requests.get(f"{url}/secret", headers={"X-API-Key": key}, timeout=5)
            expect(answer.status_code == 200, f"a right key got {answer.status_code}, not 200")
        for name, headers in (
            ("no key", {}),
            ("a wrong key", {"X-API-Key": secrets.token_urlsafe(16)}),
            ("the start of a right key", {"X-API-Key": keys[0][:8]}),
            ("a right key with more after it", {"X-API-Key": keys[1] + "x"}),
        ):
            answer = requests.get(f"{url}/secret", headers=headers, timeout=5)
            expect(answer.status_code == 401, f"{name}: {answer.status_code}, not 401")
            expect(answer.headers.get("www-authenticate"), f"{name}: no WWW-Authenticate header")
    try:
        source = inspect.getsource(make)
    except (OSError, TypeError):  # no source to read: judge by behaviour alone
        source = "compare_digest"
    if "compare_digest" not in source:
        return 0.5, "the guard works, but compares keys with == (use hmac.compare_digest)"

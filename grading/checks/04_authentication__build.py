"""Hidden check of notebook 04's build task: verify() against tokens the live service issued
and forgeries the student has not seen."""

import base64
import json
import time

import jwt
import requests

from grading.api import check, expect


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@check(4)
def verify_by_hand(ns, stdout):
    verify = ns.get("verify")
    expect(callable(verify), "define a function `verify(token, secret)`")
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

"""Rubric lines 7-10: bad input, the one error shape, no 5xx ever, data that survives."""

from __future__ import annotations

from grading.api import expect
from grading.lab.checks_http import PROBLEM, SAMPLES
from grading.lab.client import Api
from grading.lab.rubric import line

JSON = {"Content-Type": "application/json"}
# bodies a careless app crashes on; each must be a 4xx (400 or 422), never a 5xx
NASTY = [
    "[1, 2, 3, 4]",
    "null",
    '"features"',
    "42",
    '{"features": null}',
    '{"features": "1234"}',
    '{"features": {"a": 1}}',
    '{"features": [[1], [2], [3], [4]]}',
    '{"features": [NaN, 1, 2, 3]}',
    '{"features": [1, 2, 3, 1e999]}',
    '{"features": [1, 2, 3, 4, 5]}',
    '{"features": [1, 2, 3, "4"]}',
    '{"features": [1, 2, 3, 4]',
    b"\xff\xfe not UTF-8",
]


@line(7, "Bad input to POST /predictions: 400 if not JSON, 422 if the features are wrong", 10)
def bad_create(api: Api, app) -> None:
    for body, headers, status in (
        ("oops", {"Content-Type": "text/plain"}, 400),
        ("{not json", JSON, 400),
        ('{"features": [1, 2]}', JSON, 422),
        ('{"features": [1, "x", 3, 4]}', JSON, 422),
        ('{"features": [1, true, 3, 4]}', JSON, 422),
        ('{"values": [1, 2, 3, 4]}', JSON, 422),
    ):
        got = api.call("POST", "/predictions", data=body, headers=headers).status_code
        expect(got == status, f"POST /predictions {body!r} answered {got}, not {status}")


@line(8, "Every error is a problem details JSON body: 404, 405 and 422 alike", 10)
def error_shape(api: Api, app) -> None:
    made = api.create(SAMPLES[0])
    for method, path, kwargs, status in (
        ("GET", "/no/such/page", {}, 404),
        ("GET", "/predictions/987654321", {}, 404),
        ("DELETE", f"/predictions/{made['id']}", {}, 405),
        ("POST", "/predictions", {"json": {"features": [1]}}, 422),
    ):
        response = api.call(method, path, **kwargs)
        where = f"{method} {path}"
        expect(response.status_code == status, f"{where} answered {response.status_code}")
        kind = response.headers.get("Content-Type", "")
        expect(kind.startswith(PROBLEM), f"{where}: Content-Type must be {PROBLEM}, was {kind!r}")
        body = api.json(response, where)
        expect(
            isinstance(body, dict) and body.get("status") == status,
            f'{where}: the body must hold "status": {status}',
        )
        expect(isinstance(body.get("detail"), str) and body["detail"], f"{where}: no detail")
        if status == 405:
            expect(response.headers.get("Allow"), f"{where}: a 405 must say Allow")


@line(9, "No bad body ever gets a 5xx, and the app keeps serving", 5)
def never_5xx(api: Api, app) -> None:
    made = api.create(SAMPLES[1])
    for method, path in (("POST", "/predictions"), ("PUT", f"/predictions/{made['id']}")):
        for body in NASTY:
            got = api.call(
                method, path, data=body if isinstance(body, bytes) else body.encode(), headers=JSON
            )
            expect(got.status_code < 500, f"{method} {path} {body!r} answered {got.status_code}")
            expect(got.status_code >= 400, f"{method} {path} {body!r} was accepted")
    expect(api.call("GET", "/").status_code == 200, "the app stopped serving after bad input")


@line(10, "Predictions survive a restart of the app (SQLite file from the configuration)", 5)
def survives_restart(api: Api, app) -> None:
    made = api.create(SAMPLES[2])
    restarted = app.restart()
    got = restarted.call("GET", f"/predictions/{made['id']}")
    expect(
        got.status_code == 200,
        f"after a restart GET /predictions/{made['id']} got {got.status_code}",
    )
    expect(restarted.json(got, "GET") == made, "after a restart the prediction changed")

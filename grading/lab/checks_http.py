"""Rubric lines 1-10: the assignment's routes, called over HTTP on the running app."""

from __future__ import annotations

import re
from datetime import datetime

from grading.api import expect
from grading.lab.client import FIELDS, Api
from grading.lab.reference import CLASSES, expected
from grading.lab.rubric import line

# not the examples of the assignment: a hard-coded answer must not score
SAMPLES = [[5.0, 3.4, 1.5, 0.2], [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.2, 2.3]]
PROBLEM = "application/problem+json"


def count_on_page(api: Api) -> str:
    page = api.call("GET", "/")
    expect(page.status_code == 200, f"GET / answered {page.status_code}, not 200")
    expect(
        page.headers.get("Content-Type", "").startswith("text/html"),
        f"GET / must be HTML, its Content-Type is {page.headers.get('Content-Type')!r}",
    )
    return page.text


@line(1, "GET / is an HTML page that counts the predictions", 10)
def welcome_page(api: Api, app) -> None:
    counted = re.search(r"\b(\d+) predictions?\b", count_on_page(api))
    expect(counted, "GET / must say how many predictions were made, as in '3 predictions'")
    api.create(SAMPLES[0])
    n = int(counted.group(1)) + 1
    expect(re.search(rf"\b{n} predictions?\b", count_on_page(api)), f"GET / should now say {n}")


@line(2, "POST /predictions answers 201 and the stored prediction", 10)
def create_answers_201(api: Api, app) -> None:
    for features in SAMPLES:
        response = api.call("POST", "/predictions", json={"features": features})
        expect(response.status_code == 201, f"POST /predictions answered {response.status_code}")
        body = api.json(response, "POST /predictions")
        expect(isinstance(body, dict) and set(body) == FIELDS, f"fields must be {sorted(FIELDS)}")
        label, score = expected(features)
        expect(body["features"] == features, "features must be the ones sent")
        expect(body["label"] == label, f"{features} is {label}, the app said {body['label']!r}")
        expect(
            isinstance(body["score"], float) and abs(body["score"] - score) <= 0.0015,
            f"score of {features} must be {score:.3f}, was {body['score']!r}",
        )
        expect(body["true_label"] is None, "true_label must be null until PUT sets it")
        try:
            datetime.fromisoformat(body["created_at"])
        except (TypeError, ValueError):
            expect(False, f"created_at must be ISO 8601, was {body['created_at']!r}")


@line(3, "The Location of a new prediction answers GET with it", 10)
def location_answers_get(api: Api, app) -> None:
    response = api.call("POST", "/predictions", json={"features": SAMPLES[1]})
    location = response.headers.get("Location")
    expect(location, "POST /predictions must send a Location header")
    again = api.call("GET", location)
    expect(again.status_code == 200, f"GET {location} answered {again.status_code}")
    expect(api.json(again, location) == api.json(response, "POST"), "GET Location ≠ POST body")


@line(4, "GET /predictions/{id}: 200 with it, 404 for an unknown id", 10)
def read_one(api: Api, app) -> None:
    made = api.create(SAMPLES[2])
    got = api.call("GET", f"/predictions/{made['id']}")
    expect(got.status_code == 200, f"GET /predictions/{made['id']} answered {got.status_code}")
    expect(api.json(got, "GET") == made, "GET /predictions/{id} must answer what POST stored")
    for path in ("/predictions/987654321", "/predictions/not-a-number"):
        status = api.call("GET", path).status_code
        expect(status == 404, f"GET {path} answered {status}, not 404")


def all_ids(api: Api, page_size: int = 2) -> list[int]:
    """Every id, page by page, following next_page_token until it is null."""
    ids, token = [], None
    for _ in range(1000):
        query = {"page_size": page_size, **({"page_token": token} if token else {})}
        response = api.call("GET", "/predictions", params=query)
        expect(response.status_code == 200, f"GET /predictions answered {response.status_code}")
        body = api.json(response, "GET /predictions")
        expect(
            isinstance(body, dict) and set(body) == {"predictions", "next_page_token"},
            "GET /predictions must answer {predictions: [...], next_page_token: ...}",
        )
        expect(len(body["predictions"]) <= page_size, f"page_size={page_size} was not respected")
        ids += [p["id"] for p in body["predictions"]]
        token = body["next_page_token"]
        if token is None:
            return ids
        expect(isinstance(token, str), "next_page_token must be a string or null")
    raise AssertionError("next_page_token never became null")


@line(5, "GET /predictions: newest first, paged by page_size and page_token", 10)
def list_paged(api: Api, app) -> None:
    made = [api.create(features)["id"] for features in SAMPLES]
    ids = all_ids(api)
    expect(ids == sorted(set(ids), reverse=True), f"ids must be newest first, once each: {ids}")
    expect(ids[:3] == made[::-1], f"the 3 newest must come first: {ids[:3]} vs {made[::-1]}")
    first = api.json(api.call("GET", "/predictions"), "GET /predictions")
    expect(len(first["predictions"]) == min(10, len(ids)), "page_size must default to 10")
    status = api.call("GET", "/predictions", params={"page_size": 0}).status_code
    expect(status == 422, f"page_size=0 answered {status}, not 422")


@line(6, "PUT /predictions/{id} records true_label (404, 400, 422 otherwise)", 10)
def correct(api: Api, app) -> None:
    made = api.create(SAMPLES[1])
    path = f"/predictions/{made['id']}"
    label = next(c for c in CLASSES if c != made["label"])
    put = api.call("PUT", path, json={"true_label": label})
    expect(put.status_code == 200, f"PUT {path} answered {put.status_code}")
    expect(api.json(put, "PUT") == {**made, "true_label": label}, "PUT must answer the update")
    expect(api.json(api.call("GET", path), "GET")["true_label"] == label, "PUT was not stored")
    for target, kwargs, status in (
        ("/predictions/987654321", {"json": {"true_label": label}}, 404),
        (path, {"data": "oops", "headers": {"Content-Type": "text/plain"}}, 400),
        (path, {"json": {"true_label": "rose"}}, 422),
        (path, {"json": {"label": label}}, 422),
    ):
        got = api.call("PUT", target, **kwargs).status_code
        expect(got == status, f"PUT {target} {kwargs} answered {got}, not {status}")

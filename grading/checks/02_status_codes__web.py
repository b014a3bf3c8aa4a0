"""Hidden checks of notebook 02's web exercises (revalidation with If-None-Match)."""

from __future__ import annotations

import random

import requests

from grading.api import check, defined, expect


def fresh_prediction(base: str) -> tuple[str, str]:
    """A prediction the student has never seen: (its URL, its ETag)."""
    features = [round(random.uniform(4.5, 7.5), 3) for _ in range(4)]
    made = requests.post(
        f"{base}/predictions", json={"model_id": "iris", "features": features}, timeout=5
    )
    return f"{base}{made.headers['location']}", made.headers["etag"]


@check(2)
def revalidate(ns, stdout):
    function = defined(ns, "revalidate(url, etag)")
    url, etag = fresh_prediction(ns["rest"].url)
    answer = function(url, etag)
    expect(
        isinstance(answer, tuple) and len(answer) == 2,
        f"revalidate should return (status code, ETag), got {answer!r}",
    )
    expect(
        answer[0] == 304, f"with the current ETag the server answers 304; you returned {answer[0]}"
    )
    expect(answer[1] == etag, "return the ETag header of the answer (a 304 carries it too)")
    requests.put(url, json={"feedback": "setosa"}, timeout=5)
    status, new_tag = function(url, etag)
    current = requests.get(url, timeout=5).headers["etag"]
    expect(
        status == 200, f"after the feedback changed, the old tag gets 200; you returned {status}"
    )
    expect(new_tag == current, "after a change, return the new ETag the 200 carries")

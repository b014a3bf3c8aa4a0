"""Hidden check of notebook 02: the request really carried a form body, and got its 415."""

import requests

from grading.api import check, expect, posted


@check(1)
def form_body(ns, stdout):
    response = posted(ns, "/predictions")
    sent = response.request
    kind = sent.headers.get("Content-Type", "")
    expect(
        kind.startswith("application/x-www-form-urlencoded"),
        f"send the body as form data (data={{...}}); your request's Content-Type was {kind!r}",
    )
    expect(response.status_code == 415, f"expected 415, got {response.status_code}")
    again = requests.post(sent.url, data=sent.body, headers={"Content-Type": kind}, timeout=5)
    code = again.json()["code"]
    want = f"415 {code}"
    expect(want in stdout, f"print the status code and the problem's code: expected {want!r}")

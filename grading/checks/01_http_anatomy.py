"""Hidden checks of notebook 01: the status line of unseen paths; the prediction on the server."""

import requests

from grading.api import check, defined, expect, posted


@check(1)
def status_line(ns, stdout):
    function = defined(ns, "status_line(path)", "in the exercise cell")
    for path in ("/models/iris", "/models/daisy", "/no-such-resource"):
        truth = requests.get(ns["rest"].url + path, timeout=5)
        want = f"HTTP/1.1 {truth.status_code} {truth.reason}"
        got = function(path)
        expect(got == want, f"status_line({path!r}) returned {got!r}; expected {want!r}")


@check(2)
def posted_prediction(ns, stdout):
    response = posted(ns, "/predictions")
    expect(response.status_code == 201, f"expected 201 Created, got {response.status_code}")
    body = response.json()
    stored = requests.get(ns["rest"].url + response.headers["Location"], timeout=5).json()
    expect(
        stored.get("features") == [6.3, 3.3, 6.0, 2.5] and stored.get("model_id") == "iris",
        f"the service stored {stored.get('model_id')} {stored.get('features')}, "
        "not the iris row [6.3, 3.3, 6.0, 2.5]",
    )
    want = f"{response.status_code} {body['label']}"
    expect(want in stdout, f"print the status code and the label: expected {want!r}")

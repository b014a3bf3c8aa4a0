"""Hidden checks of notebook 10: the service layer and the error mapping, with unseen inputs."""

from grading.api import check, defined, expect


@check(1)
def label_and_score(ns, stdout):
    function = defined(ns, "label_and_score(row)")
    for row in ([5.9, 3.0, 5.1, 1.8], [5.0, 3.3, 1.4, 0.2], [6.1, 2.8, 4.0, 1.3]):
        prediction = ns["service"].predict("iris", row)
        want = (prediction.label, round(prediction.score, 3))
        got = function(row)
        expect(tuple(got) == want, f"label_and_score({row}) returned {got!r}; expected {want!r}")


@check(2)
def as_http(ns, stdout):
    function = defined(ns, "as_http(error, instance)")
    problems = ns["problems"]
    for number, kind in enumerate(ns["status"].TABLE):  # every domain error class there is
        error, instance = kind(f"check {number}: {kind.__name__}"), f"/things/{number}"
        status, _, body = problems.from_domain_error(error, instance)
        want = (status, body["type"], body["detail"])
        got = function(error, instance)
        expect(
            tuple(got) == want, f"as_http({kind.__name__}(...)) returned {got!r}; expected {want!r}"
        )

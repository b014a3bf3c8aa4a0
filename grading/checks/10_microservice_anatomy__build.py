"""Hidden check of notebook 10's build task: the student's adapter around a fresh service,
served on a real port; created predictions must be in that service's store."""

import tempfile
from pathlib import Path

import requests

from grading import live
from grading.api import check, defined, expect


@check(3)
def classify_adapter(ns, stdout):
    make = defined(ns, "make_adapter(service)", "that returns a Flask app")
    fresh = ns["PredictionService"](
        ns["PredictionStore"](Path(tempfile.mkdtemp()) / "check.sqlite3")
    )
    with live.wsgi(make(fresh)) as url:
        row = [6.1, 2.8, 4.7, 1.2]
        made = requests.post(
            f"{url}/classify", json={"model_id": "iris", "features": row}, timeout=5
        )
        expect(made.status_code == 201, f"POST /classify answered {made.status_code}, not 201")
        body = made.json()
        location = made.headers.get("Location", "")
        expect(location == f"/predictions/{body.get('id')}", f"Location was {location!r}")
        stored = fresh.get_prediction(body["id"])
        expect(stored["features"] == row, "the prediction is not in the service you were given")
        expect(
            body.get("label") == fresh.predict("iris", row).label, "the label is not the model's"
        )
        for payload, status, code in (
            ({"model_id": "iris", "features": [1.0]}, 422, "invalid_features"),
            ({"model_id": "daisy", "features": row}, 404, "unknown_model"),
        ):
            answer = requests.post(f"{url}/classify", json=payload, timeout=5)
            expect(
                answer.status_code == status,
                f"{payload} answered {answer.status_code}, not {status}",
            )
            kind = answer.headers.get("content-type", "")
            expect(kind.startswith("application/problem+json"), f"{payload}: content-type {kind!r}")
            expect(
                answer.json().get("code") == code, f"{payload}: the problem's code is not {code}"
            )

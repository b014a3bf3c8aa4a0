"""Hidden check of notebook 08: csv_answer() on other rows, compared with the JSON answer."""

import csv
import io

import requests

from grading.api import check, defined, expect


@check(1)
def csv_answer(ns, stdout):
    function = defined(ns, "csv_answer(body)")
    codecs = {codec.name: codec for codec in ns["CODECS"].values()}
    rows = ns["rows"][40:45]
    body = codecs["Parquet"].encode_rows(rows, ns["features"])
    truth = requests.post(
        f"{ns['rest'].url}/batch-predictions?model_id=breast-cancer",
        data=codecs["JSON"].encode_rows(rows, ns["features"]),
        headers={"content-type": codecs["JSON"].media_type, "accept": "application/json"},
        timeout=10,
    ).json()["predictions"]
    text = function(body)
    expect(isinstance(text, str), f"return the answer's text, got {type(text).__name__}")
    table = list(csv.DictReader(io.StringIO(text)))
    expect(
        [r.get("label") for r in table] == [p["label"] for p in truth],
        f"for five other rows the CSV labels were {[r.get('label') for r in table]}; "
        f"expected {[p['label'] for p in truth]} (did you send Parquet and ask for text/csv?)",
    )
    expect(
        all(abs(float(r["score"]) - p["score"]) < 1e-6 for r, p in zip(table, truth, strict=True)),
        "the CSV scores differ from the service's",
    )

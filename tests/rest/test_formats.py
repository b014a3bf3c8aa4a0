"""POST /batch-predictions in every format, with content negotiation, on both services."""

import gzip

import numpy as np
import pytest

from services.wire.formats import CODECS

IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
ROWS = np.array([[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]], np.float32)
LABELS = ["setosa", "versicolor", "virginica"]
URL = "/batch-predictions?model_id=iris"


def send(api, media_type, body, **headers):
    """requests asks for gzip by default; identity keeps Content-Length comparable."""
    headers = {"content-type": media_type, "accept-encoding": "identity", **headers}
    return api.post(URL, data=body, headers=headers)


@pytest.mark.parametrize("media_type", list(CODECS))
def test_each_format_in_and_out(api, media_type):
    codec = CODECS[media_type]
    response = send(api, media_type, codec.encode_rows(ROWS, IRIS), accept=media_type)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert int(response.headers["content-length"]) == len(response.content)
    result = codec.decode_result(response.content)
    assert result.labels == LABELS
    json_answer = send(api, "application/json", CODECS["application/json"].encode_rows(ROWS, IRIS))
    scores = [p["score"] for p in json_answer.json()["predictions"]]
    assert np.array_equal(np.float32(result.scores), np.float32(scores))


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("text/csv", "text/csv"),
        ("application/x-protobuf;q=0.5, application/avro", "application/avro"),
        ("application/msgpack;q=0.9, text/csv;q=0.1", "application/msgpack"),
        ("image/png, text/*;q=0.2", "text/csv"),
    ],
)
def test_accept_picks_the_answer_format(api, accept, answered):
    headers = {"accept": accept} if accept else {}
    body = CODECS["text/csv"].encode_rows(ROWS, IRIS)
    response = send(api, "text/csv", body, **headers)
    assert response.headers["content-type"].split(";")[0] == answered


def test_unsatisfiable_accept_is_406_listing_the_types(api):
    response = send(api, "text/csv", CODECS["text/csv"].encode_rows(ROWS, IRIS), accept="image/png")
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "application/vnd.apache.parquet" in response.json()["detail"]


def test_pickle_is_refused_with_the_reason(api):
    response = send(api, "application/python-pickle", b"\x80\x04\x95")
    assert response.status_code == 415
    assert "unpickling runs code" in response.json()["detail"]


def test_unknown_content_type_is_415_listing_the_types(api):
    response = send(api, "application/yaml", b"rows: []")
    assert response.status_code == 415
    assert "text/csv" in response.json()["detail"]


def test_gzip_in_and_out(api):
    body = gzip.compress(CODECS["text/csv"].encode_rows(ROWS, IRIS))
    response = api.post(
        URL,
        data=body,
        headers={
            "content-type": "text/csv",
            "content-encoding": "gzip",
            "accept": "text/csv",
            "accept-encoding": "gzip",
        },
        stream=True,
    )
    assert response.headers["content-encoding"] == "gzip"
    raw = response.raw.read(decode_content=False)
    assert int(response.headers["content-length"]) == len(raw)
    assert gzip.decompress(raw).decode().splitlines()[1].startswith("setosa,")


def test_a_gzip_bomb_is_413(api):
    bomb = gzip.compress(b"0" * 100_000)  # tiny on the wire, over the 4 KiB limit unzipped
    response = api.post(
        URL, data=bomb, headers={"content-type": "text/csv", "content-encoding": "gzip"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize("media_type", list(CODECS))
def test_malformed_bytes_are_400_and_the_service_goes_on(api, media_type):
    good = CODECS[media_type].encode_rows(ROWS, IRIS)
    response = send(api, media_type, good[: len(good) // 2] + b"\xff\x00")
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "malformed_payload"
    assert send(api, media_type, good).status_code == 200


def test_non_finite_values_in_a_binary_format_are_422(api):
    rows = ROWS.copy()
    rows[1, 2] = np.inf
    body = CODECS["application/x-protobuf"].encode_rows(rows, IRIS)
    response = send(api, "application/x-protobuf", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "rows[1][2]"

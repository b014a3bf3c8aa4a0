"""application/xml on POST /batch-predictions: parsed with defusedxml, DTDs refused.

The round trip in XML is in test_formats (every codec); here are the attacks XML
brings with it, each answered 400 without expanding or fetching anything.
"""

import time

import pytest

URL = "/batch-predictions?model_id=iris"
ROW = "<row><sepal_length_cm>5.1</sepal_length_cm><sepal_width_cm>3.5</sepal_width_cm>" + (
    "<petal_length_cm>1.4</petal_length_cm><petal_width_cm>0.2</petal_width_cm></row>"
)
LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10)
)  # lol9 expands to 10^9 "lol"s: 3 GB from under 1 KiB


def send(api, body: str, accept: str = "application/xml"):
    headers = {"content-type": "application/xml", "accept": accept}
    return api.post(URL, data=body.encode(), headers=headers)


def refused(response) -> str:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()["detail"]


def test_a_batch_in_xml_answers_in_xml(api):
    response = send(api, f"<batch>{ROW}{ROW}</batch>")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.count("<label>setosa</label>") == 2


def test_billion_laughs_is_refused_at_once(api):
    body = f"<?xml version='1.0'?><!DOCTYPE batch [{LAUGHS}]><batch>&lol9;</batch>"
    start = time.monotonic()
    detail = refused(send(api, body))
    assert "DTD" in detail and "billion laughs" in detail
    assert time.monotonic() - start < 5  # refused, not expanded (which takes minutes)


def test_an_external_entity_never_reads_the_file(api, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    body = (
        f'<!DOCTYPE batch [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<batch><row><sepal_length_cm>&xxe;</sepal_length_cm></row></batch>"
    )
    response = send(api, body)
    assert "XXE" in refused(response)
    assert "TOP-SECRET-MARKER" not in response.text


def test_any_dtd_is_refused_even_a_harmless_one(api):
    detail = refused(send(api, f"<!DOCTYPE batch [<!ELEMENT batch ANY>]><batch>{ROW}</batch>"))
    assert "DTD" in detail


def test_an_undeclared_entity_is_400(api):
    assert "undefined entity" in refused(send(api, "<batch><row>&xxe;</row></batch>"))


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ("<rows/>", 400, "root element must be <batch>"),
        (f"<batch>{ROW}<row><sepal_length_cm>1</sepal_length_cm></row></batch>", 400, "<row> 2"),
        (f"<batch>{ROW.replace('5.1', 'wide')}</batch>", 422, "expected a number"),
    ],
)
def test_wrong_shapes_are_named(api, body, status, fragment):
    response = send(api, body)
    assert response.status_code == status
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("<petal_width_cm>thin</petal_width_cm>", "rows[2].petal_width_cm"),
        ("<petal_width_cm/>", "rows[2].petal_width_cm"),  # no text at all
    ],
)
def test_a_bad_cell_among_good_rows_is_named_by_row_and_element(api, cell, field):
    bad = ROW.replace("<petal_width_cm>0.2</petal_width_cm>", cell)
    response = send(api, f"<batch>{ROW}{ROW}{bad}{ROW}</batch>")
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]

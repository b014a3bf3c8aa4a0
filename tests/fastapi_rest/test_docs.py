"""FastAPI generates its OpenAPI document and serves Swagger UI without the internet.

tests/web/test_swagger_ui.py drives the same page in Chromium; this checks the wire.
"""

import re

import requests


def test_swagger_ui_loads_only_local_assets(fastapi_rest):
    page = requests.get(f"{fastapi_rest.url}/docs", timeout=5)
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets, page.text
    for asset in assets:
        assert asset.startswith("/static/swagger-ui/"), asset
        response = requests.get(fastapi_rest.url + asset, timeout=5)
        assert response.status_code == 200 and len(response.content) > 100


def test_openapi_documents_every_route_and_the_problem_schema(fastapi_rest):
    document = requests.get(f"{fastapi_rest.url}/openapi.json", timeout=5).json()
    assert set(document["paths"]) >= {
        "/models",
        "/models/{model_id}",
        "/predictions",
        "/predictions/{prediction_id}",
        "/batch-predictions",
        "/healthz",
        "/readyz",
    }
    create = document["paths"]["/predictions"]["post"]["responses"]
    assert set(create) >= {"201", "400", "404", "413", "415", "422"}
    assert "application/problem+json" in create["422"]["content"]
    assert "Problem" in document["components"]["schemas"]


def test_every_client_error_is_documented_as_problem_json_only(fastapi_rest):
    document = requests.get(f"{fastapi_rest.url}/openapi.json", timeout=5).json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):  # the 503 of /readyz is the probe's own JSON
                    assert list(answer["content"]) == ["application/problem+json"], (path, method)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert "422" not in document["paths"]["/models/{model_id}"]["get"]["responses"]


def test_batch_answer_schema_resolves_inside_the_document(fastapi_rest):
    document = requests.get(f"{fastapi_rest.url}/openapi.json", timeout=5).json()
    answer = document["paths"]["/batch-predictions"]["post"]["responses"]["200"]
    reference = answer["content"]["application/json"]["schema"]["$ref"]
    batch_out = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    rows = batch_out["properties"]["predictions"]["items"]["$ref"]
    assert rows == "#/components/schemas/RowResult"
    assert set(document["components"]["schemas"]["RowResult"]["properties"]) == {"label", "score"}

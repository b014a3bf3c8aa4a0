"""FastAPI generates its OpenAPI document and serves Swagger UI without the internet."""

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

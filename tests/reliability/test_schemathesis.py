"""Property-based testing of the REST services and the gateway from their OpenAPI documents.

schemathesis generates requests from each document (valid and invalid ones) and checks
every answer: no 5xx, status codes and content types that the document declares,
bodies (and streamed events) that match the declared schemas, invalid data rejected.

One check is left out: ``positive_data_acceptance`` expects every schema-valid request
to succeed, but some rules depend on data the schema cannot see (a feature count that
depends on the model named in the same body, feedback that must be one of *that*
model's classes, page tokens only the server issues; on the gateway, a chat needs a
user message with text, and an embedding needs the embedding model). Those requests
get a correct 422 (400 on the gateway, as OpenAI answers).
The services run with their default body limit: schemathesis does not count a 413 as
"invalid data rejected", and the other tests' 4 KiB limit would trip it.
"""

import json
import subprocess

import pytest

from services.common.launch import launch

FUZZ_KEY = "sk-apilab-fuzz"
# a key that no rate limit or quota stops: schemathesis sends hundreds of requests
GATEWAY_KEYS = {FUZZ_KEY: {"requests_per_minute": 1_000_000, "tokens_per_day": 1_000_000_000}}


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_openapi_document_holds_under_generated_requests(name):
    with launch(name) as service:
        result = run_schemathesis(service.url)
    assert_passed(result)


def test_gateway_openapi_document_holds_under_generated_requests():
    with launch("fastapi_rest") as rest:
        env = {
            "APILAB_GATEWAY_KEYS": json.dumps(GATEWAY_KEYS),
            "APILAB_GATEWAY_REST_URL": rest.url,
        }
        with launch("gateway", env=env) as gateway:
            result = run_schemathesis(gateway.url, "--header", f"Authorization: Bearer {FUZZ_KEY}")
    assert_passed(result)


def assert_passed(result: subprocess.CompletedProcess) -> None:
    failures = result.stdout[result.stdout.find("FAILURES") :]
    assert result.returncode == 0, failures[:8000]
    assert "passed" in result.stdout


def run_schemathesis(url: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            ".venv/bin/schemathesis",
            "run",
            f"{url}/openapi.json",
            "--max-examples",
            "25",
            "--seed",
            "1",
            "--no-color",
            "--generation-database",
            "none",
            "--exclude-checks",
            "positive_data_acceptance",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )

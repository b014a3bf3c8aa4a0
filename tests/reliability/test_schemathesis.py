"""Property-based testing of both REST services from their own OpenAPI documents.

schemathesis generates requests from each document (valid and invalid ones) and checks
every answer: no 5xx, status codes and content types that the document declares,
bodies that match the declared schemas, invalid data rejected.

One check is left out: ``positive_data_acceptance`` expects every schema-valid request
to succeed, but some rules depend on data the schema cannot see (a feature count that
depends on the model named in the same body, feedback that must be one of *that*
model's classes, page tokens only the server issues). Those requests get a correct 422.
The services run with their default body limit: schemathesis does not count a 413 as
"invalid data rejected", and the other tests' 4 KiB limit would trip it.
"""

import subprocess

import pytest

from services.common.launch import launch


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_openapi_document_holds_under_generated_requests(name):
    with launch(name) as service:
        result = run_schemathesis(service.url)
    failures = result.stdout[result.stdout.find("FAILURES") :]
    assert result.returncode == 0, failures[:8000]
    assert "passed" in result.stdout


def run_schemathesis(url: str) -> subprocess.CompletedProcess:
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
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )

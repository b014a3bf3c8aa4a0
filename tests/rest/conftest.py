"""Every test in this folder runs against both REST services, started as real processes."""

import pytest
import requests


class Api:
    """A requests session bound to one running service."""

    def __init__(self, running):
        self.running = running
        self.base = running.url
        self.http = requests.Session()

    def __getattr__(self, method):
        return lambda path, **kwargs: self.http.request(method.upper(), self.base + path, **kwargs)


@pytest.fixture(params=["flask_rest", "fastapi_rest"])
def api(request):
    api = Api(request.getfixturevalue(request.param))
    yield api
    # after every test, bad input included, the service still answers
    assert api.get("/healthz").json() == {"status": "ok"}

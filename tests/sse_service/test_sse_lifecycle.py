"""The SSE service's API keys, header or query (SIGTERM: reliability/test_faults_shutdown.py)."""

import httpx
from httpx_sse import connect_sse

from services.common.launch import launch


def test_api_key_from_a_header_or_from_the_query_string_for_event_source():
    with launch("sse_service", env={"APILAB_API_KEYS": "k1", "APILAB_TOKEN_DELAY": "0"}) as sse:
        query = {"prompt": "An API", "max_tokens": 2}
        refused = httpx.get(f"{sse.url}/generate", params=query)
        assert refused.status_code == 401 and "WWW-Authenticate" in refused.headers
        assert refused.json()["code"] == "unauthenticated"
        wrong = httpx.get(f"{sse.url}/generate", params={**query, "api_key": "k2"})
        assert wrong.status_code == 401
        with httpx.Client(base_url=sse.url, timeout=10) as client:
            by_query = {"params": {**query, "api_key": "k1"}}  # what EventSource can do
            by_header = {"params": query, "headers": {"X-API-Key": "k1"}}
            for kwargs in (by_query, by_header):
                with connect_sse(client, "GET", "/generate", **kwargs) as source:
                    assert [e.data for e in source.iter_sse()][-1] == "[DONE]"
        assert httpx.get(f"{sse.url}/healthz").status_code == 200  # health stays open

"""The SSE service's edges: API keys (header or query), graceful stop with a stream open."""

import threading
import time

import httpx
from httpx_sse import connect_sse

from services.common.launch import launch, start


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


def test_sigterm_lets_a_stream_in_flight_finish_then_exits_zero():
    sse = start("sse_service", env={"APILAB_TOKEN_DELAY": "0.02", "APILAB_GRACE_SECONDS": "5"})
    received = []

    def read():
        body = {"prompt": "An API", "max_tokens": 40}  # 0.8 s of tokens
        with (
            httpx.Client(base_url=sse.url, timeout=10) as client,
            connect_sse(client, "POST", "/generate", json=body) as source,
        ):
            received.extend(event.data for event in source.iter_sse())

    reader = threading.Thread(target=read)
    reader.start()
    while not received:
        time.sleep(0.01)
    assert sse.stop() == 0
    reader.join(5)
    assert len(received) == 41 and received[-1] == "[DONE]"  # every token, then the end

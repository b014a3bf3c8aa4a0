"""How many WebSocket clients the server holds at once: a cap with a clear refusal.

Before: connections had no cap. Now ``APILAB_MAX_CONNECTIONS`` (256) are open at once;
the next handshake gets a 503 with ``Retry-After``, and a closed connection frees its place.
(The per-client frame queue, ``APILAB_WS_MAX_QUEUE``, has no test yet: see the README.)
"""

import json
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from services.common.launch import launch


def test_connections_beyond_the_limit_are_refused_with_503():
    env = {"APILAB_MAX_CONNECTIONS": "3"}
    with launch("websocket_service", env=env, ready_path="/healthz") as server:
        url = f"ws://{server.address}/ws"
        open_ones = [connect(url) for _ in range(3)]
        try:
            with pytest.raises(InvalidStatus) as refused:
                connect(url)
            assert refused.value.response.status_code == 503
            assert refused.value.response.headers["Retry-After"]
            open_ones.pop().close()
            deadline = time.monotonic() + 10
            while True:  # the server notices the close a moment later
                try:
                    with connect(url) as again:
                        assert json.loads(again.recv(timeout=10))["type"] == "hello"
                    break
                except InvalidStatus:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
        finally:
            for websocket in open_ones:
                websocket.close()

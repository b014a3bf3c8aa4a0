"""Nothing blocking runs on FastAPI's event loop: a slow call never delays ``/healthz``.

Before: ``POST /jsonrpc`` called the blocking service on the loop. With another process
holding the database's write lock, ``/healthz`` waited 9.7 s (SQLite's busy timeout),
and a batch of 20,000 ``predict`` calls held the loop 9.3 s. Now the JSON-RPC exchange
runs on a worker thread, a batch holds at most 1000 calls, and a write that cannot get
the lock is an error the client can act on (-32003 with ``retry_after``).
"""

import sqlite3
import threading
import time

import pytest
import requests

from services.common.launch import launch

PREDICT = {
    "jsonrpc": "2.0",
    "method": "predict",
    "params": {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]},
}
PROMPT = 1.0  # seconds: /healthz takes milliseconds when the loop is free


@pytest.fixture
def fastapi(tmp_path):
    database = tmp_path / "predictions.sqlite3"
    env = {"APILAB_DB_PATH": str(database), "APILAB_DB_BUSY_TIMEOUT": "3"}
    with launch("fastapi_rest", env=env) as running:
        yield running, database


def health_latency(url: str) -> float:
    started = time.perf_counter()
    assert requests.get(f"{url}/healthz", timeout=30).status_code == 200
    return time.perf_counter() - started


def test_a_json_rpc_write_waiting_for_a_lock_does_not_stop_health(fastapi):
    service, database = fastapi
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's writer that does not commit
    answers = []
    call = threading.Thread(
        target=lambda: answers.append(
            requests.post(f"{service.url}/jsonrpc", json=PREDICT | {"id": 1}, timeout=30)
        )
    )
    try:
        call.start()
        time.sleep(0.3)  # the call is waiting for the lock
        assert health_latency(service.url) < PROMPT
        call.join(30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    error = answers[0].json()["error"]
    assert error["code"] == -32003
    assert error["data"]["code"] == "storage_unavailable"
    assert error["data"]["retry_after"] > 0
    again = requests.post(f"{service.url}/jsonrpc", json=PREDICT | {"id": 2}, timeout=30)
    assert again.json()["result"]["label"] == "setosa"


def test_the_largest_json_rpc_batch_runs_beside_health(fastapi):
    service, _ = fastapi
    batch = [PREDICT | {"id": n} for n in range(1000)]
    answers = []
    call = threading.Thread(
        target=lambda: answers.append(
            requests.post(f"{service.url}/jsonrpc", json=batch, timeout=120)
        )
    )
    call.start()
    latencies = []
    while call.is_alive() and len(latencies) < 50:
        latencies.append(health_latency(service.url))
    call.join(120)
    assert len(answers[0].json()) == 1000
    assert max(latencies) < PROMPT, f"/healthz during the batch: {max(latencies):.2f} s"

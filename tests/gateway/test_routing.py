"""Several deployments per model: load balancing, retries, cool-down, fallback, a killed replica."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from gateway_wire import ADMIN, KEYS, bearer, chat, eventually, log_lines

from services.common.launch import free_port, launch

IRIS = chat("iris-classifier", "5.1, 3.5, 1.4, 0.2")


def gateway_env(**settings) -> dict:
    env = {"APILAB_GATEWAY_KEYS": json.dumps(KEYS), "APILAB_GATEWAY_CACHE": "false"}
    return env | {f"APILAB_GATEWAY_{k.upper()}": json.dumps(v) for k, v in settings.items()}


def test_killing_a_replica_mid_run_fails_no_client_request():
    with launch("fastapi_rest") as a, launch("fastapi_rest") as b:
        env = gateway_env(deployments={"iris-classifier": [a.url, b.url]})
        with launch("gateway", env=env) as gateway:
            url, done, results = f"{gateway.url}/v1/chat/completions", threading.Event(), []
            lock = threading.Lock()

            def client() -> None:
                with httpx.Client(timeout=20) as session:
                    while not done.is_set():
                        response = session.post(url, json=IRIS, headers=bearer(ADMIN))
                        with lock:
                            results.append(
                                (response.status_code, response.headers.get("X-Gateway-Deployment"))
                            )

            with ThreadPoolExecutor(4) as pool:
                for _ in range(4):
                    pool.submit(client)
                eventually(lambda: {d for _, d in results} == {a.url, b.url}, timeout=30)
                a.process.kill()  # SIGKILL: connections drop, in-flight requests included
                a.process.wait()
                killed_at = len(results)
                eventually(lambda: len(results) > killed_at + 40, timeout=60)
                done.set()
            statuses = [status for status, _ in results]
            assert statuses.count(200) == len(statuses), [s for s in statuses if s != 200][:5]
            assert {d for _, d in results[killed_at + 8 :]} == {b.url}  # 8: the in-flight ones
            lines = log_lines(gateway)
            assert any(a.url in line.get("retried", []) for line in lines)


def test_a_failing_deployment_cools_down_and_is_skipped():
    dead = f"http://127.0.0.1:{free_port()}"
    with launch("fastapi_rest") as rest:
        env = gateway_env(
            deployments={"iris-classifier": [dead, rest.url]},
            cooldown_failures=1,
            cooldown_seconds=60,
        )
        with launch("gateway", env=env) as gateway, httpx.Client(base_url=gateway.url) as http:
            answers = [
                http.post("/v1/chat/completions", json=IRIS, headers=bearer(ADMIN))
                for _ in range(6)
            ]
            assert [r.status_code for r in answers] == [200] * 6
            assert {r.headers["X-Gateway-Deployment"] for r in answers} == {rest.url}
            eventually(lambda: [x for x in log_lines(gateway) if x.get("model")][5:])
            retried = [line.get("retried", []) for line in log_lines(gateway) if line.get("model")]
            assert sum(1 for r in retried if r) <= 1  # tried once, then skipped while cooling
            assert "cools down" in gateway.log()


def test_a_fallback_model_answers_on_a_configured_status():
    dead = f"http://127.0.0.1:{free_port()}"
    with launch("grpc_service", ready_path=None) as grpc_server:
        env = gateway_env(
            deployments={
                "iris-classifier": [dead],
                "iris-classifier-grpc": [f"grpc://{grpc_server.address}"],
            },
            fallbacks={"iris-classifier": "iris-classifier-grpc"},
            retries=1,
        )
        with launch("gateway", env=env) as gateway, httpx.Client(base_url=gateway.url) as http:
            answer = http.post("/v1/chat/completions", json=IRIS, headers=bearer(ADMIN))
            assert answer.status_code == 200
            assert answer.headers["X-Gateway-Fallback"] == "iris-classifier-grpc"
            assert answer.headers["X-Gateway-Deployment"] == f"grpc://{grpc_server.address}"
            assert answer.json()["choices"][0]["message"]["content"].startswith("setosa")
            # a 400 from a live deployment (the caller's mistake) is not on the list
            wrong = http.post(
                "/v1/chat/completions",
                json=chat("iris-classifier-grpc", "1, 2"),
                headers=bearer(ADMIN),
            )
            assert wrong.status_code == 400 and "X-Gateway-Fallback" not in wrong.headers


def test_without_a_fallback_an_unreachable_model_is_503_after_the_retries():
    dead = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
    env = gateway_env(deployments={"iris-classifier": dead}, retries=2)
    with launch("gateway", env=env) as gateway:
        response = httpx.post(
            f"{gateway.url}/v1/chat/completions", json=IRIS, headers=bearer(ADMIN)
        )
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "service_unavailable"
        line = eventually(lambda: [x for x in log_lines(gateway) if x.get("model")])[-1]
        assert len(line["retried"]) == 3  # the first try and two retries

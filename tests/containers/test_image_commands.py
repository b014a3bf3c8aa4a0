"""Each image's CMD really starts its service, and its HEALTHCHECK really sees it ready.

No Docker engine is needed: the test replays the service stage's CMD and HEALTHCHECK
exactly as written in the Dockerfile, with the ENV that ``--build-arg SERVICE=<name>``
gives it, here on loopback. Only what cannot be
the same outside a container changes: the address (127.0.0.1, not 0.0.0.0), the port (a
free one, not the fixed one), the database (a temporary file, not /data) and the paths
(this checkout and its .venv, not /app).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dockerfile_stages import ROOT, service_image
from waits import scaled

from services.common.launch import free_port
from services.common.ports import PORTS

IMAGES = {name: service_image(name) for name in PORTS}
READY_TIMEOUT = 30.0  # the HEALTHCHECK's start period


def container_env(target: str, tmp_path: Path, **overrides: str) -> dict[str, str]:
    image_env = {k: v for k, v in IMAGES[target].env.items() if k not in ("PATH", "PYTHONPATH")}
    env = {k: v for k, v in os.environ.items() if k != "PORT"}  # PORT is the platform's
    env.update(image_env)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # python = .venv
        PYTHONPATH=str(ROOT),  # the image's WORKDIR /app
        APILAB_HOST="127.0.0.1",
        APILAB_DB_PATH=str(tmp_path / "predictions.sqlite3"),
    )
    env.update(overrides)
    return env


def healthy(target: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        IMAGES[target].healthcheck,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=scaled(10),
    )


def wait_healthy(target: str, process: subprocess.Popen, env: dict[str, str], log: Path):
    deadline = time.monotonic() + scaled(READY_TIMEOUT)  # a busy machine starts slower
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{target} exited {process.returncode}:\n{log.read_text()}"
        check = healthy(target, env)
        if check.returncode == 0:
            return check
        time.sleep(0.2)
    pytest.fail(f"{target}: HEALTHCHECK never passed ({check.stdout}):\n{log.read_text()}")


def run_cmd(target: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            IMAGES[target].cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen) -> int:
    """SIGTERM (the image's STOPSIGNAL), as `docker stop` sends it; the exit code."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def build_check(service: str) -> int:
    """The service stage's RUN (it refuses an unknown SERVICE), with that build argument."""
    (command,) = IMAGES["flask_rest"].runs[-1:]
    env = {"PATH": os.environ["PATH"], "SERVICE": service}
    return subprocess.run(["sh", "-c", command], cwd=ROOT, env=env, capture_output=True).returncode


def test_the_build_refuses_a_missing_or_unknown_service():
    assert [build_check(name) for name in PORTS] == [0] * len(PORTS)
    assert build_check("") == 1
    assert build_check("no_such_service") == 1
    assert build_check("common") == 1  # a package, but no service (no __main__.py)


@pytest.mark.parametrize("target", PORTS)
def test_cmd_serves_and_healthcheck_sees_it_ready(target, tmp_path):
    assert IMAGES[target].env["APILAB_SERVICE"] == target
    assert "-m services.$APILAB_SERVICE " in " ".join(IMAGES[target].cmd)

    env = container_env(target, tmp_path, APILAB_PORT=str(free_port()))
    log = tmp_path / "service.log"
    process = run_cmd(target, env, log)
    try:
        check = wait_healthy(target, process, env, log)
        assert check.stdout.startswith("ready: "), check.stdout
        assert f"127.0.0.1:{env['APILAB_PORT']}" in check.stdout  # the port the service took
        scheme = "grpc" if target == "grpc_service" else "http"
        assert f"{scheme}://127.0.0.1:" in check.stdout
    finally:
        code = stop(process)
    assert code == 0, f"{target} did not stop cleanly on SIGTERM (exit {code}):\n{log.read_text()}"
    assert healthy(target, env).returncode == 1, "after the stop, the check must fail"


def test_port_set_by_the_platform_wins(tmp_path):
    """Cloud Run sets PORT; the image's CMD and HEALTHCHECK both follow it."""
    port, image_port = free_port(), free_port()
    env = container_env("flask_rest", tmp_path, APILAB_PORT=str(image_port), PORT=str(port))
    log = tmp_path / "service.log"
    process = run_cmd("flask_rest", env, log)
    try:
        check = wait_healthy("flask_rest", process, env, log)
        assert f"127.0.0.1:{port}/readyz" in check.stdout
        without_port = {k: v for k, v in env.items() if k != "PORT"}
        assert healthy("flask_rest", without_port).returncode == 1  # nothing on APILAB_PORT
    finally:
        assert stop(process) == 0

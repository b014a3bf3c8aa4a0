"""compose.yaml is valid Compose, and agrees with the Dockerfile and the default ports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dockerfile_stages import ROOT, SERVICE_STAGE, Image, images, parse

from services.common.ports import PORTS

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
STAGES = parse()


def image_of(service: dict) -> Image:
    """The image compose builds for ``service``: its target, with its build arguments."""
    build = service["build"]
    return Image(STAGES, build["target"], build.get("args"))


def healthcheck_url(service: dict) -> str:
    test = service["healthcheck"]["test"]
    assert test[:4] == ["CMD", "python", "-m", "services.common.healthcheck"], test
    return test[4]


def test_compose_file_follows_the_compose_specification():
    # check-jsonschema's vendored copy of the Compose Specification schema: no download.
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", ROOT / "compose.yaml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_is_built_from_the_one_service_stage():
    assert set(PORTS) <= set(SERVICES)
    for name in PORTS:
        assert SERVICES[name]["build"]["target"] == SERVICE_STAGE
        assert SERVICES[name]["build"]["args"] == {"SERVICE": name}
        assert image_of(SERVICES[name]).env["APILAB_SERVICE"] == name
    assert set(images()) == {"builder", "bench-builder", "base", "runtime", SERVICE_STAGE, "bench"}


@pytest.mark.parametrize("name", PORTS)
def test_service_port_is_the_default_port_everywhere(name):
    port = PORTS[name]
    assert "APILAB_PORT" not in image_of(SERVICES[name]).env  # the service's own default
    assert SERVICES[name]["ports"] == [f"127.0.0.1:{port}:{port}"]
    scheme = "grpc" if name == "grpc_service" else "http"
    path = "" if name == "grpc_service" else "/readyz"
    assert healthcheck_url(SERVICES[name]) == f"{scheme}://127.0.0.1:{port}{path}"


@pytest.mark.parametrize("name", SERVICES)
def test_service_builds_a_dockerfile_target_that_runs_as_non_root(name):
    target = SERVICES[name]["build"]["target"]
    assert target in STAGES, f"{name}: no stage {target!r} in the Dockerfile"
    assert SERVICES[name]["build"]["context"] == "."
    tag = SERVICES[name]["build"].get("args", {}).get("SERVICE", target)
    assert SERVICES[name]["image"] == f"apilab/{tag}:local"  # what `make images` tags
    user = image_of(SERVICES[name]).user
    assert user and user.split(":")[0] not in ("root", "0"), f"{target} runs as {user!r}"


def test_every_published_port_is_on_loopback_only():
    for name, service in SERVICES.items():
        for published in service.get("ports", []):
            assert published.startswith("127.0.0.1:"), f"{name} publishes {published}"


def test_every_service_with_a_port_has_a_healthcheck():
    # A Locust worker listens on nothing; the master's UI shows whether it is alive.
    unchecked = {name for name, s in SERVICES.items() if not s.get("healthcheck")}
    assert unchecked == {"locust-worker"}
    for name in SERVICES.keys() - unchecked:
        assert not SERVICES[name]["healthcheck"].get("disable"), name


def test_dependencies_wait_until_healthy():
    for name, service in SERVICES.items():
        for dependency, condition in service.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}, name
            assert SERVICES[dependency].get("healthcheck"), f"{name} waits on {dependency}"


def test_sqlite_lives_on_the_named_volume_and_sigterm_has_time_to_drain():
    assert "apilab-data" in COMPOSE["volumes"]
    for name in PORTS:
        service, env = SERVICES[name], image_of(SERVICES[name]).env
        assert "apilab-data:/data" in service["volumes"]
        assert env["APILAB_DB_PATH"] == f"/data/{name}.sqlite3"
        grace = float(env["APILAB_GRACE_SECONDS"])
        assert float(service["stop_grace_period"].removesuffix("s")) > grace


def interpolate_defaults(value: str) -> str:
    """Compose's ${VAR:-default} with no VAR set (the defaults this file documents)."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def test_gateway_reaches_the_rest_service_by_name_and_has_keys():
    env = SERVICES["gateway"]["environment"]
    assert env["APILAB_GATEWAY_REST_URL"] == f"http://fastapi_rest:{PORTS['fastapi_rest']}"
    assert "fastapi_rest" in SERVICES["gateway"]["depends_on"]
    # Bound to 0.0.0.0 without keys the gateway refuses to start; the default must parse.
    keys = json.loads(interpolate_defaults(env["APILAB_GATEWAY_KEYS"]))
    assert keys == {"sk-apilab-local": {"name": "local", "models": "*"}}


def test_locust_runs_distributed_only_under_the_bench_profile():
    assert all("profiles" not in SERVICES[name] for name in PORTS)
    master, worker = SERVICES["locust-master"], SERVICES["locust-worker"]
    assert master["profiles"] == worker["profiles"] == ["bench"]
    assert "--master" in master["command"]
    assert worker["command"][-3:] == ["--worker", "--master-host", "locust-master"]
    target = interpolate_defaults(master["environment"]["LOCUST_HOST"])
    assert target == f"http://fastapi_rest:{PORTS['fastapi_rest']}"

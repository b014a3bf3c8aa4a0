"""Every command the lab's README shows for steps 1-7 works as written, with that output."""

import re
import subprocess
import sys
import time

import pytest
import requests
from readme_steps import normalise, run_step, steps

from services.common.launch import ROOT, free_port

SERVED = [step for step in steps() if step.server]


def test_the_readme_has_every_step_with_a_server_for_steps_1_to_7():
    assert [int(re.match(r"Step (\d+)", s.title).group(1)) for s in SERVED] == list(range(1, 8))
    assert all(step.clients for step in SERVED)


@pytest.mark.parametrize("step", SERVED, ids=lambda s: s.title.split(":")[0])
def test_step_commands_give_the_output_the_readme_shows(step):
    outputs = run_step(step)
    for (_, code, expected), output in zip(step.clients, outputs, strict=True):
        assert expected is not None, f"no output block after:\n{code}"
        assert normalise(output) == normalise(expected), code


def test_step_8_image_command_serves_the_model():
    """The Dockerfile's CMD, run on loopback instead of 0.0.0.0 inside a container."""
    dockerfile = (ROOT / "labs/flask/step08_docker/Dockerfile").read_text()
    command = eval(dockerfile.split("CMD ", 1)[1].strip())  # the JSON-array form  # noqa: S307
    port = free_port()
    command = [c.replace("0.0.0.0:8080", f"127.0.0.1:{port}") for c in command]
    server = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT / "labs/flask/step07_model",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = requests.post(
                    f"http://127.0.0.1:{port}/predict",
                    json={"features": [5.1, 3.5, 1.4, 0.2]},
                    timeout=30,
                )
                break
            except requests.ConnectionError:  # the worker still imports scikit-learn
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert answer.json() == {"label": "setosa", "score": 0.9817}
    finally:
        server.terminate()
        server.wait(10)

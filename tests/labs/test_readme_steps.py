"""Every command the lab's README shows works as written, with the output it shows."""

import json
import re

import pytest
from readme_steps import normalise, run_step, steps

from services.common.launch import ROOT

STEPS = steps()
RUN = [step for step in STEPS if step.clients]
README = (ROOT / "labs" / "flask" / "README.md").read_text()


def number(step) -> int:
    return int(re.match(r"Step (\d+)", step.title).group(1))


def test_the_readme_has_steps_1_to_13_and_every_step_but_9_runs_here():
    numbered = [step for step in STEPS if step.title.startswith("Step ")]
    assert [number(step) for step in numbered] == list(range(1, 14))
    assert [number(step) for step in RUN] == [n for n in range(1, 14) if n != 9]
    assert all(step.server for step in RUN if number(step) != 13)


@pytest.mark.parametrize("step", RUN, ids=lambda s: s.title.split(":")[0])
def test_step_commands_give_the_output_the_readme_shows(step):
    outputs, log = run_step(step)
    for (_, code, expected), output in zip(step.clients, outputs, strict=True):
        assert expected is not None, f"no output block after:\n{code}"
        assert normalise(output) == normalise(expected), code
    shown = step.server_output or ""
    for line in normalise(shown).splitlines():
        line = re.sub(r"127\.0\.0\.1:(5000|8080)", "127.0.0.1:PORT", line.strip())
        assert line in normalise(log), f"the server did not print {line!r}:\n{log}"


@pytest.mark.parametrize("step", RUN, ids=lambda s: s.title.split(":")[0])
def test_every_url_is_quoted_and_every_curl_block_has_a_requests_twin(step):
    for _, code, _ in step.clients:
        for before in re.findall(r"(.)https?://", code):
            assert before == '"', f"a URL without double quotes in:\n{code}"
    langs = [lang for lang, _, _ in step.clients]
    if "bash" in langs and number(step) != 13:
        assert "python" in langs, f"{step.title}: a curl block without a requests twin"


def test_every_step_after_the_first_says_to_stop_the_previous_server():
    for n in [*range(2, 9), *range(10, 14)]:
        section = README.split(f"## Step {n}:")[1].split("\n## ")[0]
        assert "(Ctrl+C)" in section, f"step {n} does not say how to stop the previous server"


def test_step_8_shows_the_command_the_image_runs():
    """The Dockerfile's CMD (JSON form) is the README's gunicorn line, bound to 0.0.0.0."""
    dockerfile = (ROOT / "labs/flask/step08_docker/Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    step8 = next(step for step in STEPS if step.title.startswith("Step 8:"))
    shown = step8.server.replace("--chdir labs/flask/step07_model ", "")
    assert shown.replace("127.0.0.1:8080", "0.0.0.0:8080").split() == command

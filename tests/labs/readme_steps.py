"""Read labs/flask/README.md as a script: each step's server command, client blocks, outputs.

In a step section, a ```bash block starting with `flask --app` starts the server; every
other ```bash (curl) or ```python block is a client, and the ```text block right after it
is what the student will see. Port 5000 in the README becomes the test's free port.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

from services.common.launch import ROOT, free_port

README = ROOT / "labs" / "flask" / "README.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


@dataclass
class Step:
    title: str
    server: str | None = None
    clients: list[tuple[str, str, str | None]] = field(default_factory=list)  # lang, code, out


def steps(text: str | None = None) -> list[Step]:
    text = text if text is not None else README.read_text()
    found = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        step = Step(section.splitlines()[0])
        blocks = BLOCK.findall(section)
        for i, (lang, code) in enumerate(blocks):
            if lang == "bash" and code.startswith("flask --app"):
                step.server = code.strip()
            elif lang in ("bash", "python"):
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                expected = following[1] if following and following[0] == "text" else None
                step.clients.append((lang, code, expected))
        found.append(step)
    return found


def start_server(command: str, port: int) -> subprocess.Popen:
    args = command.replace("5000", str(port)).split()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"], capture_output=True
        )
        if probe.returncode == 0:
            return process
        time.sleep(0.1)
    process.kill()
    raise TimeoutError(process.stderr.read().decode())


def run_client(lang: str, code: str, port: int) -> str:
    code = code.replace("5000", str(port))
    command = ["bash", "-c", code] if lang == "bash" else [sys.executable, "-c", code]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)
    return result.stdout


def run_step(step: Step) -> list[str]:
    """Every client block's output, against a fresh server on a free port."""
    port = free_port()
    server = start_server(step.server, port)
    try:
        return [run_client(lang, code, port) for lang, code, _ in step.clients]
    finally:
        server.terminate()
        server.wait(10)


def normalise(output: str) -> str:
    """Headers that change on every run (Date, Server) are left out of the comparison."""
    lines = [line.rstrip() for line in output.strip().splitlines()]
    return "\n".join(line for line in lines if not line.lower().startswith(("date:", "server:")))

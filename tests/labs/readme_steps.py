"""Read labs/flask/README.md as a script: each step's server command, client blocks, outputs.

In a step section, a ```bash block whose last line starts `flask --app` or `gunicorn`
starts the server (lines before it, such as `init-db`, run first), and the ```text block
right after it is what the server prints. Every other ```bash (curl) or ```python block
is a client, and the ```text block right after it is what the student will see. Blocks
marked ```sh (Docker, gcloud) are shown, not run. Ports 5000 and 8080 in the README
become the test's free port; the database goes to a temporary folder.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from services.common.launch import ROOT, free_port

README = ROOT / "labs" / "flask" / "README.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
SERVERS = ("flask --app", "gunicorn ")
PIN = re.compile(r"\d{3}-\d{3}-\d{3}")


@dataclass
class Step:
    title: str
    setup: list[str] = field(default_factory=list)
    server: str | None = None
    server_output: str | None = None
    clients: list[tuple[str, str, str | None]] = field(default_factory=list)  # lang, code, out


def steps(text: str | None = None) -> list[Step]:
    text = text if text is not None else README.read_text()
    found = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        step = Step(section.splitlines()[0])
        blocks = BLOCK.findall(section)
        for i, (lang, code) in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            expected = following[1] if following and following[0] == "text" else None
            lines = code.strip().splitlines()
            if lang == "bash" and lines[-1].startswith(SERVERS):
                step.setup, step.server, step.server_output = lines[:-1], lines[-1], expected
            elif lang in ("bash", "python"):
                step.clients.append((lang, code, expected))
        found.append(step)
    return found


def with_port(command: str, port: int) -> str:
    return command.replace("5000", str(port)).replace("8080", str(port))


def environment(folder: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_DATABASE": str(folder / "lab.sqlite3")}


def start_server(step: Step, port: int, folder: Path, log) -> subprocess.Popen:
    env = environment(folder)
    for line in step.setup:  # `flask --app ... init-db`: a fresh database for this run
        subprocess.run([sys.executable, "-m", *line.split()], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", *with_port(step.server, port).split()],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # --debug's reloader runs the app in a child process
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        probe = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"], capture_output=True
        )
        if probe.returncode == 0:
            return process
        assert process.poll() is None, Path(log.name).read_text()
        time.sleep(0.1)
    stop(process)
    raise TimeoutError(Path(log.name).read_text())


def stop(process: subprocess.Popen) -> None:
    """Ctrl+C, as the README tells the student: the whole process group, reloader included."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def run_client(lang: str, code: str, port: int, folder: Path) -> str:
    code = with_port(code, port)
    command = ["bash", "-c", code] if lang == "bash" else [sys.executable, "-c", code]
    result = subprocess.run(
        command, cwd=ROOT, env=environment(folder), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"exit code {result.returncode}:\n{code}\n{result.stderr}"
    return result.stdout


def run_step(step: Step) -> tuple[list[str], str]:
    """Every client block's output, against a fresh server on a free port; and its log."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp, (Path(tmp) / "server.log").open("w+") as log:
        server = start_server(step, port, Path(tmp), log) if step.server else None
        try:
            outputs = [run_client(lang, code, port, Path(tmp)) for lang, code, _ in step.clients]
        finally:
            if server is not None:
                stop(server)
        return outputs, with_port_back(Path(log.name).read_text(), port)


def normalise(output: str) -> str:
    """What changes on every run is left out: Date, Server, pytest's timing, the PIN."""
    lines = [line.rstrip() for line in output.strip().splitlines()]
    kept = [line for line in lines if not line.lower().startswith(("date:", "server:"))]
    text = "\n".join(kept)
    return PIN.sub("123-456-789", re.sub(r" in \d+\.\d+s", " in 0.01s", text))


def with_port_back(log: str, port: int) -> str:
    """The server's log as the README shows it: on port 5000 (or 8080 for gunicorn)."""
    return log.replace(f"127.0.0.1:{port}", "127.0.0.1:PORT")

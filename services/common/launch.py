"""Start a service as a real process on a free loopback port, wait until ready, stop it.

Used by the tests, the notebooks and the benchmark:

    with launch("fastapi_rest") as svc:
        requests.get(f"{svc.url}/models")
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port the OS just handed out on 127.0.0.1 (free now; reused by the child at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServiceProcess:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path
    env: dict = field(default_factory=dict)
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90.0, path: str | None = "/readyz") -> None:
        """Poll until the port answers (and ``path`` gives 200 for HTTP services).

        Seconds on an idle machine; the generous limit is for a busy one, where imports
        alone can take many times longer. A service that exits ends the wait at once.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log()}")
            if _answers(self.host, self.port, path):
                return
            time.sleep(0.05)
        raise TimeoutError(f"{self.name} not ready after {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM (the graceful path), SIGKILL if it does not exit in time; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _answers(host: str, port: int, path: str | None) -> bool:
    try:
        if path is None:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=1) as response:  # noqa: S310
            return response.status == 200
    except (OSError, http.client.HTTPException):  # not up yet, or not speaking HTTP
        return False


def start(
    name: str,
    env: dict | None = None,
    args: list[str] | None = None,
    ready_path: str | None = "/readyz",
    port: int | None = None,
    cpus: set[int] | None = None,
) -> ServiceProcess:
    """Run ``python -m services.<name> --port N`` with a private database; wait for it.

    A dotted ``name`` is a module path of its own (the benchmark's echo server).

    ``cpus`` pins the process (and the workers it forks) to those cores, so a load
    generator on the other cores does not steal the server's CPU.
    """
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix=f"apilab-{name}-"))
    child_env = {
        **os.environ,
        "APILAB_DB_PATH": str(workdir / "predictions.sqlite3"),
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    log_path = workdir / "service.log"
    module = name if "." in name else f"services.{name}"
    command = [sys.executable, "-m", module, "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command + (args or []),
            cwd=ROOT,
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # noqa: PLW1509
        )
    service = ServiceProcess(name, port, process, log_path, child_env)
    try:
        service.wait_ready(path=ready_path)
    except Exception:
        service.stop()
        raise
    return service


@contextlib.contextmanager
def launch(name: str, **kwargs):
    """``start`` as a context manager: the service stops even if the block fails."""
    service = start(name, **kwargs)
    try:
        yield service
    finally:
        service.stop()

"""The student's app as a child process: own temporary folder, bare environment, time limits.

Student code is untrusted: it runs in a copy of the submission inside a temporary
directory, with an environment that holds nothing of the grader's, in its own process
group (so whatever it starts is stopped with it), and it must be listening within
``start_timeout`` seconds or it scores nothing for the check that needed it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

RUNNER = Path(__file__).with_name("serve_submission.py")


class AppDidNotStart(RuntimeError):
    """The app crashed or hung before listening: the message carries its last stderr lines."""


def bare_environment(home: Path) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "SYSTEMROOT") if k in os.environ}
    return {**keep, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}


def copy_submission(submission: Path, workdir: Path) -> Path:
    target = workdir / "app"
    ignore = shutil.ignore_patterns(".venv", "__pycache__", "*.sqlite3", "instance", ".git")
    shutil.copytree(submission, target, ignore=ignore)
    return target


class AppProcess:
    """Start, stop and restart one submission; the database file outlives restarts."""

    def __init__(self, folder: Path, workdir: Path, start_timeout: float = 60.0):
        self.folder, self.workdir, self.start_timeout = folder, workdir, start_timeout
        self.database = workdir / "data" / "grader.sqlite3"
        self.database.parent.mkdir(exist_ok=True)
        self.stderr_path = workdir / "stderr.log"
        self.process: subprocess.Popen | None = None
        self.base_url = ""

    def start(self) -> str:
        stderr = self.stderr_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(RUNNER), str(self.folder), str(self.database)],
            cwd=self.folder,
            env=bare_environment(self.workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            start_new_session=True,
        )
        stderr.close()
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(self.start_timeout)
        if not line or not line[0].startswith(b"PORT "):
            why = "did not start" if line else f"was not listening after {self.start_timeout:g} s"
            self.stop()
            raise AppDidNotStart(f"the app {why}: {self.stderr_tail()}")
        self.base_url = f"http://127.0.0.1:{int(line[0].split()[1])}"
        return self.base_url

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(wait)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        self.process.stdout.close()
        self.process = None

    def stderr_tail(self, lines: int = 5) -> str:
        text = self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""
        return " | ".join(text.strip().splitlines()[-lines:]) or "(nothing on stderr)"

"""A Jupyter kernel for untrusted code: its own session, private directories, capped output.

The kernel starts in a new session (jupyter_client does that on POSIX), so its pid is
the process group of every service a notebook starts from it: ``kill`` sends SIGKILL to
the whole group, also after the kernel itself has exited.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_CAP = 200_000  # characters of output kept per cell: a flood cannot fill memory


class CappedClient(NotebookClient):
    """nbclient that keeps at most OUTPUT_CAP characters of each cell's output."""

    def output(self, outs, msg, display_id, cell_index):
        parent = msg["parent_header"].get("msg_id")
        content = msg.get("content", {})
        size = len(content.get("text", "")) + len(str(content.get("data", "")))
        self.kept = getattr(self, "kept", {})
        self.kept[parent] = self.kept.get(parent, 0) + size
        if self.kept[parent] > OUTPUT_CAP:
            if not any(o.get("name") == "truncated" for o in outs[-1:]):
                outs.append(nbformat.v4.new_output("stream", name="truncated", text="…"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def text_of(outputs, name: str = "stdout") -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("name") == name)


def error_of(outputs) -> str | None:
    for o in outputs:
        if o.get("output_type") == "error":
            return f"{o['ename']}: {o['evalue']}"
    return None


class Kernel:
    """One kernel at a time, in a private directory; ``kill`` ends its whole group."""

    def __init__(self, workdir: Path):
        self.workdir, self.client, self.pgid, self.count = workdir, None, None, 0

    def start(self) -> None:
        home = self.workdir / "home"
        home.mkdir(exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "TMPDIR": str(self.workdir / "tmp"),
            "PYTHONPATH": str(ROOT),
            "LANG": "C.UTF-8",
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        (self.workdir / "tmp").mkdir(exist_ok=True)
        nb = nbformat.v4.new_notebook()
        self.client = CappedClient(
            nb,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=False,
            startup_timeout=60,
            shutdown_kernel="immediate",
        )
        self.client.km = self.client.create_kernel_manager()
        self.client.start_new_kernel(
            cwd=str(self.workdir), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.client.start_new_kernel_client()
        self.pgid = self.client.km.provisioner.pgid

    def run(self, source: str, timeout: float) -> tuple[str, list]:
        """("ok" | "timeout" | "died", outputs) of running ``source``."""
        cell = nbformat.v4.new_code_cell(source)
        self.client.nb.cells = [cell]
        self.client.timeout = max(1, int(timeout))
        self.count += 1
        try:
            self.client.execute_cell(cell, 0, execution_count=self.count)
        except CellTimeoutError:
            return "timeout", cell.outputs
        except DeadKernelError:
            return "died", cell.outputs
        if not run_sync(self.client.km.is_alive)():
            return "died", cell.outputs
        return "ok", cell.outputs

    def kill(self) -> None:
        if self.pgid:
            with contextlib.suppress(ProcessLookupError):  # the kernel, every service it started
                os.killpg(self.pgid, signal.SIGKILL)
        if self.client is not None:
            with contextlib.suppress(Exception):  # already dead: nothing left to stop
                self.client._cleanup_kernel()
        self.client, self.pgid = None, None

"""Run a submission's exercise code inside the reference notebook, one kernel at a time.

The kernel runs the solution notebook from solutions/ cell by cell; at an exercise it
runs the student's code instead, then the hidden check in the same kernel, then the
reference code of that exercise (so the cells after it see the state they expect and one
wrong answer does not cost the next). The kernel is its own process group (session), in
a private working directory with its own HOME and TMPDIR; the services it starts are in
that group and get private databases. When a cell runs over its time limit or the kernel
dies (``os._exit``), the whole group is killed, a new kernel replays the reference cells
up to the next exercise, and only that exercise scores 0.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .notebook import ROOT, Exercise, assigned_names

OUTPUT_CAP = 200_000  # characters of output kept per cell: a flood cannot fill memory
MARK = "__grading_verdict__ "
UNSOLVED = "is not solved yet: replace this cell's code with yours"  # the stub's words


@dataclass(frozen=True)
class Limits:
    cell: float = 30.0  # seconds for any one cell
    notebook: float = 300.0  # seconds for a whole notebook


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


@dataclass
class Outcome:
    fraction: float
    message: str


def grade(
    solution: nbformat.NotebookNode,
    stem: str,
    exercises: list[Exercise],
    answers: list[str | None],
    limits: Limits = Limits(),
) -> list[Outcome]:
    """One Outcome per exercise, in order."""
    deadline = time.monotonic() + limits.notebook
    outcomes: list[Outcome] = []
    base = ROOT / "var" / "grading-runs"
    base.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=base))  # inside ROOT: cell 1 finds it
    kernel = Kernel(workdir)
    done = 0  # cells of the solution already run in the current kernel
    try:
        for exercise, answer in zip(exercises, answers, strict=True):
            left = lambda: deadline - time.monotonic()  # noqa: E731
            if answer is None:
                outcomes.append(
                    Outcome(0, "exercise cell not found (keep the cell's tag `exercise`)")
                )
                continue
            if left() <= 0:
                outcomes.append(
                    Outcome(0, f"not graded: the notebook ran over {limits.notebook:.0f} s")
                )
                continue
            if kernel.client is None:
                kernel.start()
                done = 0
            for index in range(done, exercise.cell_index):  # reference cells (and solutions)
                kernel.run(solution.cells[index].source, min(limits.cell * 4, max(left(), 1)))
            done = exercise.cell_index
            outcomes.append(_grade_one(kernel, stem, exercise, answer, limits, left, workdir))
            if kernel.client is None:
                continue  # killed: a new kernel replays the cells up to the next exercise
            kernel.run(exercise.solution, min(limits.cell, max(left(), 1)))
            done = exercise.cell_index + 1
    finally:
        kernel.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return outcomes


def _grade_one(kernel, stem, exercise, answer, limits, left, workdir) -> Outcome:
    if UNSOLVED in answer.replace('"\n    "', ""):  # the stub's string, wrapped over lines
        return Outcome(0, "not solved yet: replace the stub with your code")
    names = assigned_names(exercise.solution)
    kernel.run(f"for _name in {names!r}:\n    globals().pop(_name, None)", 10)
    status, outputs = kernel.run(answer, min(limits.cell, max(left(), 1)))
    if status != "ok":
        kernel.kill()
        if status == "timeout":
            return Outcome(0, f"your code ran longer than {limits.cell:.0f} s and was stopped")
        return Outcome(0, "the kernel died while running your code (an exit or a crash)")
    if error := error_of(outputs):
        return Outcome(0, f"your code raised {error}")
    if any(o.get("name") == "truncated" for o in outputs):
        return Outcome(0, f"your cell printed more than {OUTPUT_CAP:,} characters: print less")
    stdout_file = workdir / f"stdout-{exercise.number}.txt"
    stdout_file.write_text(text_of(outputs), encoding="utf-8")
    code = (
        "from grading.checks import verdict as _verdict\n"
        f"print({MARK!r} + __import__('json').dumps(_verdict({stem!r}, {exercise.number}, "
        f"globals(), open({str(stdout_file)!r}, encoding='utf-8').read())))"
    )
    status, outputs = kernel.run(code, min(limits.cell, max(left(), 1)))
    if status != "ok":
        kernel.kill()
        return Outcome(0, f"the check could not finish ({status}): your objects hung or exited")
    lines = [line for line in text_of(outputs).splitlines() if line.startswith(MARK)]
    if not lines:
        return Outcome(0, f"the check did not run: {error_of(outputs) or 'no verdict'}")
    found = json.loads(lines[-1][len(MARK) :])
    return Outcome(found["fraction"], found["message"])


if __name__ == "__main__":
    sys.exit("use python -m grading")

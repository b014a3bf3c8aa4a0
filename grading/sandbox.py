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

import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .kernel import OUTPUT_CAP, Kernel, error_of, text_of
from .notebook import ROOT, Exercise, assigned_names

MARK = "__grading_verdict__ "
UNSOLVED = "is not solved yet: replace this cell's code with yours"  # the stub's words


@dataclass(frozen=True)
class Limits:
    cell: float = 30.0  # seconds for any one cell
    notebook: float = 300.0  # seconds for a whole notebook


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
            if left() < 1:  # not even a second left for the next cell
                outcomes.append(
                    Outcome(0, f"not graded: the notebook ran over {limits.notebook:.0f} s")
                )
                continue
            if kernel.client is None:
                kernel.start()
                done = 0
            broken = _replay(kernel, solution, range(done, exercise.cell_index), limits, left)
            done = exercise.cell_index
            if kernel.client is None:  # the reference itself hung or died: not the student's cell
                outcomes.append(Outcome(0, f"not graded: {broken}"))
                continue
            outcome = _grade_one(kernel, stem, exercise, answer, limits, left, workdir)
            if broken and outcome.fraction < 1:  # tell the instructor why the state was odd
                outcome.message += f" (before it, {broken})"
            outcomes.append(outcome)
            if kernel.client is None:
                continue  # killed: a new kernel replays the cells up to the next exercise
            kernel.run(exercise.solution, min(limits.cell, max(left(), 1)))
            done = exercise.cell_index + 1
    finally:
        kernel.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return outcomes


def _replay(kernel, solution, indices, limits, left) -> str | None:
    """Run the reference's code cells (earlier exercises: the reference answer); what broke."""
    broken = None
    for index in indices:
        cell = solution.cells[index]
        if cell.cell_type != "code":
            continue
        status, outputs = kernel.run(cell.source, min(limits.cell * 4, max(left(), 1)))
        if status != "ok":
            kernel.kill()
            what = "ran over time" if status == "timeout" else "killed the kernel"
            return f"reference cell {index + 1} {what}"
        if error := error_of(outputs):
            broken = broken or f"reference cell {index + 1} raised {error}"
    return broken


def _grade_one(kernel, stem, exercise, answer, limits, left, workdir) -> Outcome:
    if UNSOLVED in answer.replace('"\n    "', ""):  # the stub's string, wrapped over lines
        return Outcome(0, "not solved yet: replace the stub with your code")
    names = assigned_names(exercise.solution)
    kernel.run(f"for _name in {names!r}:\n    globals().pop(_name, None)", 10)
    budget = min(limits.cell, max(left(), 1))
    status, outputs = kernel.run(answer, budget)
    if status != "ok":
        kernel.kill()
        if status == "timeout":
            why = "" if budget == limits.cell else " (what was left of the notebook's time)"
            return Outcome(0, f"your code ran longer than {budget:.0f} s{why} and was stopped")
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

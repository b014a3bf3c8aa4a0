"""The hidden checks, one module per notebook (``<stem>.py``) plus one per added topic
(``<stem>__<topic>.py``); loaded inside the grading kernel, never shipped to students.

``verdict`` is what the grader calls in the kernel right after a student's exercise cell:
it loads every check module of the notebook, runs the check of that exercise with the
kernel's globals and the cell's stdout, and returns a JSON-ready verdict.
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Callable
from pathlib import Path

from grading import api

HERE = Path(__file__).resolve().parent


def modules(stem: str) -> list[Path]:
    return sorted([*HERE.glob(f"{stem}.py"), *HERE.glob(f"{stem}__*.py")])


def load(stem: str) -> dict[int, Callable]:
    """Every check of notebook ``stem``, by exercise number (fresh each call)."""
    api.CHECKS.clear()
    for path in modules(stem):
        spec = importlib.util.spec_from_file_location(f"grading.checks._{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    checks = dict(api.CHECKS)
    api.CHECKS.clear()
    return checks


def verdict(stem: str, number: int, ns: dict, stdout: str) -> dict:
    """{"fraction": 0..1, "message": str}: the check's verdict on exercise ``number``."""
    checks = load(stem)
    if number not in checks:
        return {"fraction": 0.0, "message": f"no hidden check for exercise {number} (grader bug)"}
    try:
        fraction = checks[number](ns, stdout)
    except api.CheckFailed as failed:
        return {"fraction": 0.0, "message": str(failed)}
    except Exception as error:  # the student's objects misbehaved under the check's inputs
        where = traceback.extract_tb(error.__traceback__)[-1]
        return {
            "fraction": 0.0,
            "message": f"calling your code raised {type(error).__name__}: {error} "
            f"(line {where.lineno} of {Path(where.filename).name})",
        }
    message = None
    if isinstance(fraction, tuple):  # (fraction, message): partial credit that says why
        fraction, message = fraction
    fraction = 1.0 if fraction is None else max(0.0, min(1.0, float(fraction)))
    return {
        "fraction": fraction,
        "message": message or ("passed" if fraction == 1 else "partly right"),
    }

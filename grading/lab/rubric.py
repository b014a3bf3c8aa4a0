"""The rubric: each line a name, its points, and a check; every line scores all or nothing.

A check raises ``CheckFailed`` (from grading.api, the notebooks' grader's too) with a
message the student can act on. Lines are independent: each makes the predictions it
needs, so one broken route costs its own line's points and no other's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int
    title: str
    points: float
    check: Callable
    needs_app: bool = True  # False: reads the submission's files, no server


RUBRIC: list[Line] = []


def line(number: int, title: str, points: float, needs_app: bool = True):
    def register(check: Callable) -> Callable:
        RUBRIC.append(Line(number, title, points, check, needs_app))
        return check

    return register

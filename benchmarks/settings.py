"""The benchmark's settings from the environment: a bad value is one line, not a traceback.

Durations accept Locust's spelling (``5s``, ``2m``, ``1h30m``) as well as plain seconds
(``1.5``). Locust's own parser is not imported: importing locust monkey-patches the
whole process for gevent. Used by ``run.py`` (BENCH_*), ``distributed.py`` and
``soak.py`` (SOAK_*).
"""

from __future__ import annotations

import math
import os
import re

SPAN = re.compile(r"(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?")
UNIT = {"h": 3600, "m": 60, "s": 1}


class SettingError(SystemExit):
    """Exit with one line naming the variable, what it holds and what is expected."""

    def __init__(self, name: str, value: str, expected: str):
        super().__init__(f"{name}={value!r}: expected {expected}")


def seconds(name: str, default: float) -> float:
    """A duration in seconds: a number (``1.5``), or Locust's ``5s``, ``2m``, ``1m30s``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return float(default)
    try:
        result = float(value)
    except ValueError:
        span = SPAN.fullmatch(value)  # "5s", "2m", "1m30s", "1.5s"
        parts = span.groupdict().items() if span else []
        result = sum(float(n) * UNIT[unit] for unit, n in parts if n) or math.nan
    if not math.isfinite(result) or result <= 0:
        raise SettingError(name, value, "a duration above 0, e.g. 1.5, 5s, 2m or 1m30s")
    return result


def number(name: str, default: float, kind: type = float) -> float:
    """A number above 0 (``kind=int`` for counts)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return kind(default)
    try:
        result = kind(value)
    except ValueError:
        result = math.nan
    if not math.isfinite(result) or result <= 0:
        what = "a whole number above 0, e.g. 3" if kind is int else "a number above 0, e.g. 300"
        raise SettingError(name, value, what)
    return result


def steps(name: str, default: str) -> str:
    """Users per step: whole numbers above 0, comma-separated (``1,4,16``)."""
    value = os.environ.get(name, "").strip() or default
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise SettingError(name, value, "whole numbers above 0, comma-separated, e.g. 1,4,16")
    return ",".join(parts)

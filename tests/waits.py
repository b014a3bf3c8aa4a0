"""Waiting in tests: for a condition, never a fixed time; limits that stretch on a busy machine.

A test that sleeps a fixed time passes on the machine it was written on and fails on a
slower or busier one (CI, a laptop compiling something, eight jobs on two cores). So:

- ``eventually(check)`` polls until ``check()`` is true and returns as soon as it is;
  its limit only matters when the test is failing anyway;
- ``scaled(seconds)`` stretches a limit by ``SLOWDOWN``, for work that is genuinely long
  or a wait that cannot be a condition (a client that must read nothing for a while).

``SLOWDOWN`` is ``APILAB_TEST_SLOWDOWN`` when set, else the load average per core when
the test session starts (from 1 to 10): 1 on an idle machine, about 3 with a load of 6
on 2 cores. tests/conftest.py scales pytest-timeout's limit by it too.
"""

from __future__ import annotations

import os
import time


def _slowdown() -> float:
    if setting := os.environ.get("APILAB_TEST_SLOWDOWN"):
        return max(1.0, float(setting))
    return min(10.0, max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1)))


SLOWDOWN = _slowdown()


def scaled(seconds: float) -> float:
    """``seconds`` on an idle machine, stretched on a busy one."""
    return seconds * SLOWDOWN


def eventually(check, seconds: float = 10.0, interval: float = 0.05):
    """``check()`` until it returns something true (returned), or its last result after
    ``scaled(seconds)``: a server notices a hang-up, writes a log line, a bit later."""
    deadline = time.monotonic() + scaled(seconds)
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(interval)
    return result


def settled(value, quiet: float = 0.5, seconds: float = 10.0):
    """``value()`` once it has stopped changing for ``scaled(quiet)`` seconds (or the last
    value after ``scaled(seconds)``): work that was told to stop has stopped."""
    deadline = time.monotonic() + scaled(seconds)
    last, since = value(), time.monotonic()
    while time.monotonic() - since < scaled(quiet) and time.monotonic() < deadline:
        time.sleep(0.05)
        if (now := value()) != last:
            last, since = now, time.monotonic()
    return last

"""Wait times for Locust users beyond Locust's own (``constant``, ``constant_throughput``)."""

from __future__ import annotations

import random


def staggered(wait_time, period: float):
    """``wait_time``, but each user first waits a random part of one period.

    Users that start together would otherwise send in bursts, all at once, every period:
    the server would see queues of N at a low average rate, and latency would be queueing.
    """

    def wait(user) -> float:
        if getattr(user, "staggered_by", None) is not wait:
            user.staggered_by = wait
            return random.uniform(0, period)  # noqa: S311
        return wait_time(user)

    return wait

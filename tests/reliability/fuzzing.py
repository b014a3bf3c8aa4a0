"""The Hypothesis settings every fuzz test shares: the same examples on every run."""

from hypothesis import HealthCheck, settings


def fuzz(max_examples: int, *also_suppress: HealthCheck) -> settings:
    """Derandomized (reproducible, never flaky in CI), no example database, no deadline.

    The fixtures start one real server per module, so the function-scoped-fixture check
    (which expects state to be reset per example) does not apply.
    """
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, *also_suppress],
    )

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


# Classes of hostile input, generated rather than listed (tests/reliability/test_input_hostile.py)
from hypothesis import strategies as st  # noqa: E402


def _nested(depth: int, kind: str) -> bytes:
    opener, closer = (b"[", b"]") if kind == "array" else (b'{"a":', b"}")
    return opener * depth + b"0" + closer * depth


def hostile_json() -> st.SearchStrategy[bytes]:
    """Bytes that are JSON, or nearly, and that a parser may refuse for its own limits:
    nesting past the recursion limit, integers past Python's 4300 digits, numbers that
    overflow to infinity, lone surrogates, a row wrapped around any of those."""
    deep = st.builds(_nested, st.integers(1_000, 200_000), st.sampled_from(["array", "object"]))
    digits = st.integers(4_301, 20_000).map(lambda n: b"1" * n)
    huge_float = st.integers(309, 5_000).map(lambda e: b"1e%d" % e)
    surrogate = st.sampled_from([b'"\\ud800"', b'"\\udfff\\ud800"', b'"\\ud83d"'])
    value = st.one_of(deep, digits, huge_float, surrogate)
    in_a_row = value.map(lambda v: b'{"model_id": "iris", "features": [' + v + b", 1, 2, 3]}")
    return st.one_of(value, in_a_row)


def foreign_digits() -> st.SearchStrategy[str]:
    """Text that ``str.isdigit`` accepts but is not ASCII digits: other scripts' decimal
    digits (Nd), superscripts and circled numbers (No), mixed with ASCII ones."""
    unicode_digits = st.characters(categories=["Nd", "No"], exclude_characters="0123456789")
    return (
        st.lists(st.one_of(unicode_digits, st.sampled_from("0123456789")), min_size=1)
        .filter(lambda chars: not "".join(chars).isascii())
        .map("".join)
    )


def sequence_past_64_bits() -> st.SearchStrategy[int]:
    """Sequence numbers SQLite's 64-bit integers cannot hold (and a few that just fit)."""
    return st.one_of(st.integers(2**63 - 2, 2**63 + 2), st.integers(2**63, 10**300))

"""Hidden checks of notebook 11: the functions on altered copies of the benchmark's results."""

from grading.api import check, defined, expect


def _altered(frame, seed):
    """The same columns, rows shuffled, numbers changed: an answer copied from the output fails."""
    shuffled = frame.sample(frac=1, random_state=seed).copy()
    for column in ("throughput_rps", "p50_ms", "server_ms", "request_bytes"):
        if column in shuffled:
            shuffled[column] = shuffled[column] * (
                1 + 0.37 * ((shuffled.reset_index().index.values * 7 + seed) % 5)
            )
    return shuffled


@check(1)
def ceilings(ns, stdout):
    function = defined(ns, "ceilings(frame)")
    for seed in (1, 2):
        frame = _altered(ns["summary"], seed)
        if seed == 2:
            frame.loc[frame.index[:5], "verdict"] = "server saturated"
        want = list(
            frame[frame.verdict == "server saturated"]
            .sort_values("throughput_rps", ascending=False)
            .index
        )
        got = list(function(frame))
        expect(
            got == want,
            f"on other results ceilings() returned {got[:4]}...; expected {want[:4]}...",
        )


@check(2)
def overheads(ns, stdout):
    function = defined(ns, "overheads(frame)")
    frame = _altered(ns["timed"], 3)
    series = (frame.p50_ms - frame.server_ms).sort_values()
    want = [(key, round(value, 2)) for key, value in series.items()]
    got = [(key, round(float(value), 2)) for key, value in function(frame)]
    expect(got == want, f"on other results overheads() returned {got}; expected {want}")


@check(3)
def smallest_format(ns, stdout):
    function = defined(ns, "smallest_format(frame, rows)")
    base = ns["formats"]
    for rows, seed in [(size, 4) for size in sorted(set(base.batch_rows))] + [(10_000, 6)]:
        frame = _altered(base, seed)
        big = frame[frame.batch_rows == rows].set_index("format")
        smallest = big.request_bytes.idxmin()
        want = (smallest, round(float(big.request_bytes["JSON"] / big.request_bytes[smallest]), 1))
        got = tuple(function(frame, rows))
        expect(
            got == want, f"smallest_format(other results, {rows}) returned {got}; expected {want}"
        )

"""Hidden checks of notebook 11's build tasks: the tail arithmetic with unseen n and p; the
nearest-rank percentile on unseen data; latencies measured against a server the grader runs."""

import math
import random
import threading
import time
from types import SimpleNamespace

from flask import Flask

from grading import live
from grading.api import check, expect


@check(4)
def tail(ns, stdout):
    meets, half = ns.get("meets_tail"), ns.get("requests_for_half")
    expect(
        callable(meets) and callable(half), "define `meets_tail(n, p)` and `requests_for_half(p)`"
    )
    for n, p in ((1, 0.99), (69, 0.99), (10, 0.9), (300, 0.999)):
        got, want = meets(n, p), 1 - p**n
        expect(abs(got - want) < 1e-9, f"meets_tail({n}, {p}) returned {got}; expected {want:.4f}")
    for p in (0.99, 0.95, 0.999):
        want = next(n for n in range(1, 10**5) if 1 - p**n > 0.5)
        expect(half(p) == want, f"requests_for_half({p}) returned {half(p)}; expected {want}")


@check(5)
def p99(ns, stdout):
    expect(
        isinstance(ns.get("guess_p99_ms"), int | float),
        "write your guess, a number, in `guess_p99_ms` before you measure",
    )
    percentile, measure = ns.get("percentile"), ns.get("latencies_ms")
    expect(callable(percentile) and callable(measure), "define `percentile` and `latencies_ms`")
    rng = random.Random(7)
    for size in (1, 7, 100, 1001):
        values = [rng.lognormvariate(1, 1) for _ in range(size)]
        for q in (50, 90, 99, 100):
            want = sorted(values)[max(1, math.ceil(q / 100 * size)) - 1]
            got = percentile(list(values), q)
            expect(got == want, f"percentile of {size} values at q={q}: {got}; expected {want}")
    seen, lock = [], threading.Lock()
    app = Flask("slow")

    @app.get("/models/iris")
    def slow():
        with lock:
            seen.append(1)
        time.sleep(0.02)  # a server that takes 20 ms: measured latencies cannot be less
        return {"id": "iris"}

    real = ns["rest"]
    with live.wsgi(app) as url:
        ns["rest"] = SimpleNamespace(url=url)
        try:
            measured = measure(12)
        finally:
            ns["rest"] = real
    expect(len(seen) == 12, f"latencies_ms(12) sent {len(seen)} requests (read rest.url inside it)")
    expect(
        len(measured) == 12 and all(19 <= m < 5000 for m in measured),
        f"against a server taking 20 ms, latencies_ms(12) returned {measured[:3]}...",
    )

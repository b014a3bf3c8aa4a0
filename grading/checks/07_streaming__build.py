"""Hidden checks of notebook 07's build tasks: the student's SSE app under uvicorn, read by
httpx-sse; TTFT and TTLT measured on the live SSE service with other lengths."""

import httpx
from httpx_sse import connect_sse

from grading import live
from grading.api import check, defined, expect


@check(4)
def countdown_app(ns, stdout):
    make = defined(ns, "make_countdown_app()", "that returns a FastAPI app")
    with live.asgi(make()) as url, httpx.Client(base_url=url, timeout=10) as client:
        for start in (1, 7):
            with connect_sse(client, "GET", "/countdown", params={"start": start}) as source:
                kind = source.response.headers.get("content-type", "")
                expect(kind.startswith("text/event-stream"), f"content-type was {kind!r}")
                events = list(source.iter_sse())
            datas = [e.data for e in events]
            want = [str(n) for n in range(start, 0, -1)] + ["[DONE]"]
            expect(datas == want, f"start={start}: the events' data were {datas}, not {want}")
            ids = [e.id for e in events[:-1]]
            expect(ids == [str(k) for k in range(start)], f"start={start}: the ids were {ids}")
        status = client.get("/countdown", params={"start": 0}).status_code
        expect(status == 422, f"start=0 answered {status}, not 422")


@check(5)
def first_and_last_token(ns, stdout):
    expect(
        isinstance(ns.get("guess_ttlt_over_ttft"), int | float),
        "write your guess, a number, in `guess_ttlt_over_ttft` before you measure",
    )
    function = defined(ns, "ttft_ttlt(max_tokens)")
    short, long = function(4), function(40)
    expect(
        all(isinstance(x, int | float) and x > 0 for x in (*short, *long)),
        f"ttft_ttlt returned {short!r} and {long!r}: two positive numbers of ms each",
    )
    expect(short[0] <= short[1] and long[0] <= long[1], "the first token came after the last?")
    # 10 ms before every token: 36 more tokens are at least ~360 ms more, the first is not later
    expect(
        long[1] - short[1] > 250,
        f"40 tokens took {long[1]:.0f} ms and 4 took {short[1]:.0f} ms: is TTLT the last token?",
    )
    expect(
        long[0] < long[1] / 4,
        f"TTFT {long[0]:.0f} ms of TTLT {long[1]:.0f} ms: is TTFT the first token event?",
    )

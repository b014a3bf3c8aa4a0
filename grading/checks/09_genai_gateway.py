"""Hidden checks of notebook 09: the SDK calls with unseen messages, seeds and flowers."""

import uuid

from grading.api import check, defined, expect


@check(1)
def streamed_text(ns, stdout):
    function = defined(ns, "streamed_text(content, max_tokens, seed)")
    client = ns["client"]
    for content, count, seed in (("an api", 6, 2), ("the model", 9, 13)):
        stream = client.chat.completions.create(
            model="apilab-markov",
            messages=[{"role": "user", "content": content}],
            max_tokens=count,
            seed=seed,
            stream=True,
        )
        want = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        got = function(content, count, seed)
        expect(
            got == want,
            f"streamed_text({content!r}, {count}, {seed}) returned {got!r}; expected {want!r}",
        )


@check(2)
def classify(ns, stdout):
    function = defined(ns, "classify(flower)")
    client = ns["client"]
    for flower in ("5.1, 3.5, 1.4, 0.2", "6.0, 2.9, 4.5, 1.5"):
        answer = client.chat.completions.create(
            model="iris-classifier", messages=[{"role": "user", "content": flower}]
        )
        want = (answer.choices[0].message.content, answer.usage.total_tokens)
        got = function(flower)
        expect(tuple(got) == want, f"classify({flower!r}) returned {got!r}; expected {want!r}")


@check(3)
def x_cache(ns, stdout):
    function = defined(ns, "x_cache(content, seeds)")
    content = f"nobody asked this before {uuid.uuid4().hex[:8]}"
    got = function(content, [5, 5, 6, 5])
    want = ["miss", "hit", "miss", "hit"]
    expect(
        list(got) == want, f"x_cache(a new message, [5, 5, 6, 5]) returned {got!r}; expected {want}"
    )

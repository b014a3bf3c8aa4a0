"""Hidden checks of notebook 07: streams with unseen prompts and seeds, against whole streams."""

import json

import httpx

from grading.api import check, defined, expect


def _events(url, body, headers=None):
    """(id, token) of every event of POST /generate, parsed here, not by the notebook's parser."""
    with httpx.stream("POST", f"{url}/generate", json=body, headers=headers or {}) as response:
        text = response.read().decode()
    pairs = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "id" in fields and fields.get("data") != "[DONE]":
            pairs.append((int(fields["id"]), json.loads(fields["data"])["token"]))
    return pairs


@check(1)
def stream_get(ns, stdout):
    function = defined(ns, "stream_get(prompt, max_tokens, seed)")
    for prompt, count, seed in (("An API", 4, 2), ("The client", 9, 5)):
        want = _events(ns["sse"].url, {"prompt": prompt, "max_tokens": count, "seed": seed})
        got = function(prompt, count, seed)
        expect(
            [tuple(pair) for pair in got] == want,
            f"stream_get({prompt!r}, {count}, {seed}) returned {got!r}; expected {want!r}",
        )


@check(2)
def resume(ns, stdout):
    function = defined(ns, "resume(last_id, count)")
    everything = _events(ns["sse"].url, ns["REQUEST"])
    for last_id, count in ((2, 4), (10, 1)):
        want = [pair for pair in everything if pair[0] > last_id][:count]
        got = function(last_id, count)
        expect(
            [tuple(pair) for pair in got] == want,
            f"resume({last_id}, {count}) returned {got!r}; expected {want!r}",
        )


@check(3)
def until_full_stop(ns, stdout):
    function = defined(ns, "until_full_stop(prompt, seed)")
    pb = ns["pb"]
    checked = 0
    for prompt, seed in (("An API", 3), ("The client", 2), ("A gateway", 1), ("An API", 8)):
        with ns["grpc"].insecure_channel(ns["rpc"].address) as channel:
            stub = ns["prediction_pb2_grpc"].PredictionServiceStub(channel)
            tokens = [
                t.text
                for t in stub.Generate(pb.GenerateRequest(prompt=prompt, max_tokens=200, seed=seed))
            ]
        if "." not in tokens or checked == 2:
            continue
        checked += 1
        want = ("".join(tokens[: tokens.index(".") + 1]), "CANCELLED")
        got = function(prompt, seed)
        expect(
            tuple(got) == want,
            f"until_full_stop({prompt!r}, {seed}) returned {got!r}; expected {want!r}",
        )
    expect(checked, "grader bug: no test prompt generates a full stop")

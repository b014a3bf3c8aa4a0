"""Hidden checks of notebook 06: the functions on the open ws, with unseen rows, prompts and ids."""

from grading.api import check, defined, expect


def _truth_labels(ns, rows):
    ns["send"](ns["ws"], type="predict_batch", id="check-b", model_id="iris", rows=rows)
    return [p["label"] for p in ns["reply_to"](ns["ws"], "check-b")["predictions"]]


@check(1)
def batch_labels(ns, stdout):
    function = defined(ns, "batch_labels(rows, message_id)")
    rows = [
        ns["VIRGINICA"],
        ns["VIRGINICA"],
        ns["SETOSA"],
        [6.0, 2.9, 4.5, 1.5],
        [4.9, 3.0, 1.4, 0.2],
    ]
    want = _truth_labels(ns, rows)
    got = function(rows, "c9")
    expect(got == want, f"batch_labels of five rows returned {got!r}; expected {want!r}")


@check(2)
def generated_text(ns, stdout):
    function = defined(ns, "generated_text(prompt, max_tokens, seed, message_id)")
    send, receive, ws = ns["send"], ns["receive"], ns["ws"]
    for prompt, count, seed in (("An API", 7, 3), ("The client", 15, 11)):
        got = function(prompt, count, seed, f"t{seed}")
        send(ws, type="generate", id="check-g", prompt=prompt, max_tokens=count, seed=seed)
        messages = receive(ws, until=lambda m: m["id"] == "check-g" and m["type"] == "done")
        want = "".join(
            m["token"] for m in messages if m["id"] == "check-g" and m["type"] == "token"
        )
        expect(
            got == want,
            f"generated_text({prompt!r}, {count}, {seed}, ...) returned {got!r}; expected {want!r}",
        )


@check(3)
def predict_error(ns, stdout):
    function = defined(ns, "predict_error(features, message_id)")
    send, reply_to, ws = ns["send"], ns["reply_to"], ns["ws"]
    for features in ([1.0, 2.0, 3.0, 4.0, 5.0], [5.1, "wide", 1.4, 0.2]):
        got = function(features, "e9")
        send(ws, type="predict", id="check-e", model_id="iris", features=features)
        error = reply_to(ws, "check-e")["error"]
        want = (error["code"], error["errors"][0]["field"])
        expect(
            tuple(got) == want,
            f"predict_error({features!r}, ...) returned {got!r}; expected {want}",
        )
    send(ws, type="ping", id="check-x")
    expect(
        reply_to(ws, "check-x")["type"] == "pong", "after the errors, ws must still answer a ping"
    )
    expect("pong" in stdout, "print the type of the reply to the ping")

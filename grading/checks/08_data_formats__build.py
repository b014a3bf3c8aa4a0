"""Hidden checks of notebook 08's build tasks: sizes() for unseen row counts; a MessagePack
round trip with unseen rows, read from the student's request and the service's answer."""

import msgpack
import requests

from grading.api import check, defined, expect


@check(2)
def sizes(ns, stdout):
    names = {codec.name for codec in ns["CODECS"].values()}
    for guess in ("guess_smallest_at_1", "guess_smallest_at_100"):
        expect(ns.get(guess) in names, f"write a format name from {sorted(names)} in `{guess}`")
    function = defined(ns, "sizes(n)")
    for n in (2, 17, 63):
        want = {
            c.name: len(c.encode_rows(ns["rows"][:n], ns["features"]))
            for c in ns["CODECS"].values()
        }
        got = function(n)
        expect(got == want, f"sizes({n}) returned {got}; expected {want}")


@check(3)
def msgpack_round_trip(ns, stdout):
    function = defined(ns, "msgpack_labels(batch)")
    codecs = {codec.name: codec for codec in ns["CODECS"].values()}
    batch = ns["rows"][60:67]
    truth = requests.post(
        f"{ns['rest'].url}/batch-predictions?model_id=breast-cancer",
        data=codecs["JSON"].encode_rows(batch, ns["features"]),
        headers={"content-type": codecs["JSON"].media_type, "accept": "application/json"},
        timeout=10,
    ).json()["predictions"]
    labels, response = function(batch)
    want = [p["label"] for p in truth]
    expect(labels == want, f"for seven other rows the labels were {labels}; expected {want}")
    sent = response.request.headers.get("content-type", "")
    expect(sent == "application/msgpack", f"your request's content-type was {sent!r}")
    came = response.headers.get("content-type", "")
    expect(came.startswith("application/msgpack"), f"the answer came as {came!r}: set Accept")
    decoded = [p["label"] for p in msgpack.unpackb(response.content)["predictions"]]
    expect(decoded == want, "the answer's MessagePack bytes hold other labels")

"""Hidden checks of notebook 05: the batch is the service's answer; gRPC, varints on new input."""

import random

import grpc
import requests

from grading.api import check, defined, expect


@check(1)
def batch(ns, stdout):
    answers = ns.get("answers")
    expect(isinstance(answers, list), "keep the batch's parsed answer (a list) in `answers`")
    by_id = {a.get("id"): a for a in answers if isinstance(a, dict)}
    expect(
        sorted(by_id) == [1, 2, 3], f"expected answers with the ids 1, 2, 3; got {sorted(by_id)}"
    )
    calls = [
        {"jsonrpc": "2.0", "method": "getModel", "params": {"model_id": "breast-cancer"}, "id": 1},
        {"jsonrpc": "2.0", "method": "getModel", "params": {"model_id": "daisy"}, "id": 3},
    ]
    truth = requests.post(f"{ns['rest'].url}/jsonrpc", json=calls, timeout=5).json()
    truth = {a["id"]: a for a in truth}
    expect(by_id[1] == truth[1], "answer 1 is not what getModel('breast-cancer') answers")
    expect(by_id[3] == truth[3], "answer 3 is not the error getModel('daisy') answers")
    made = by_id[2].get("result", {})
    stored = requests.get(f"{ns['rest'].url}/predictions/{made.get('id')}", timeout=5)
    expect(
        stored.status_code == 200 and stored.json()["features"] == list(ns["VIRGINICA"]),
        "answer 2 is not a prediction the service stored for VIRGINICA",
    )
    lines = [f"1 {truth[1]['result']['n_features']}", f"2 {made['label']}"]
    lines.append(f"3 {truth[3]['error']['code']}")
    expect(stdout.split() == " ".join(lines).split(), f"print three lines: {lines}")


@check(2)
def model_info(ns, stdout):
    function = defined(ns, "model_info(model_id)")
    stub, pb = ns["stub"], ns["pb"]
    for model_id in ("iris", "no-such-model", ""):
        try:
            model = stub.GetModel(pb.GetModelRequest(model_id=model_id))
            want = (model.n_features, list(model.classes))
        except grpc.RpcError as error:
            want = error.code().name
        got = function(model_id)
        expect(got == want, f"model_info({model_id!r}) returned {got!r}; expected {want!r}")


def _varint(value):
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


@check(3)
def tags_and_varints(ns, stdout):
    tag_pair, varint = ns.get("tag_pair"), ns.get("varint")
    expect(callable(tag_pair) and callable(varint), "define `tag_pair(byte)` and `varint(data)`")
    chooser = random.Random(5)
    for byte in [0x08, 0x7A, 0x2D, 0x41] + [chooser.randrange(128) for _ in range(8)]:
        got = tag_pair(byte)
        want = (byte >> 3, byte & 7)
        expect(tuple(got) == want, f"tag_pair({byte:#04x}) returned {got!r}; expected {want}")
    for value in [0, 1, 127, 128, 16_384, 2**35 + 3] + [chooser.randrange(2**40) for _ in range(5)]:
        data = _varint(value)
        got = varint(data)
        expect(got == value, f"varint({data!r}) returned {got!r}; expected {value}")

"""Hidden check of notebook 06's build task: the accept value of unseen keys; the handshake
sent by hand to the live service, with the right key and a wrong one."""

import base64
import hashlib
import os

from grading.api import check, expect

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


@check(4)
def handshake(ns, stdout):
    accept_for, upgrade = ns.get("accept_for"), ns.get("upgrade")
    expect(
        callable(accept_for) and callable(upgrade), "define `accept_for(key)` and `upgrade(path)`"
    )
    for _ in range(3):
        key = base64.b64encode(os.urandom(16)).decode()
        want = base64.b64encode(
            hashlib.sha1((key + GUID).encode(), usedforsecurity=False).digest()
        ).decode()
        got = accept_for(key)
        expect(got == want, f"accept_for({key!r}) returned {got!r}; expected {want!r}")
    opened = upgrade("/ws")
    expect(opened == (101, True), f"upgrade('/ws') returned {opened!r}, not (101, True)")
    wrong = "wrong-" + os.urandom(4).hex()
    refused = upgrade("/ws", api_key=wrong)
    expect(
        refused == (401, False),
        f"upgrade('/ws', api_key={wrong!r}) returned {refused!r}, not (401, False)",
    )

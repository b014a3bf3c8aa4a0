"""Hidden checks of notebook 06's build tasks: the accept value of unseen keys and the
handshake sent by hand to the live service; the student's own handler, served and called."""

import base64
import hashlib
import json
import os
import threading

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.sync.server import serve

from grading.api import check, defined, expect

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


@check(5)
def server_side(ns, stdout):
    handler = defined(ns, "handler(connection)")
    with serve(handler, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}"
        try:
            with connect(url, open_timeout=5) as client:
                ids = [os.urandom(4).hex() for _ in range(3)]
                client.send(json.dumps({"type": "ping", "id": ids[0]}))
                client.send(json.dumps({"type": os.urandom(3).hex(), "id": ids[1]}))
                client.send(json.dumps({"type": "ping", "id": ids[2]}))
                replies = [json.loads(client.recv(timeout=5)) for _ in ids]
                want = [
                    {"type": "pong", "id": ids[0]},
                    {"type": "error", "id": ids[1], "error": {"code": "unknown_type"}},
                    {"type": "pong", "id": ids[2]},
                ]
                expect(replies == want, f"the replies were {replies}; expected {want}")
                client.send("{not json")
                try:
                    extra = client.recv(timeout=5)
                    expect(False, f"a frame that is not JSON was answered {extra!r}, not closed")
                except ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else None
                    expect(code == 1007, f"the connection closed with code {code}, not 1007")
        finally:
            server.shutdown()

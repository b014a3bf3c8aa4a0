"""Hidden checks of notebook 01's build tasks: the student's Flask app, served on a real port;
the head size measured against the live service."""

import secrets

import requests

from grading import live
from grading.api import check, defined, expect


@check(3)
def notes_app(ns, stdout):
    make = defined(ns, "make_notes_app()", "that returns a Flask app")
    with live.wsgi(make()) as url:
        text = f"note {secrets.token_hex(4)}"
        made = requests.post(f"{url}/notes", json={"text": text}, timeout=5)
        expect(made.status_code == 201, f"POST /notes answered {made.status_code}, not 201")
        location = made.headers.get("Location", "")
        expect(location.startswith("/notes/"), f"Location was {location!r}, not /notes/<id>")
        read = requests.get(url + location, timeout=5)
        expect(read.status_code == 200, f"GET {location} answered {read.status_code}, not 200")
        expect(read.json().get("text") == text, f"GET {location} did not give back the text sent")
        other = requests.post(f"{url}/notes", json={"text": "another"}, timeout=5)
        expect(other.headers.get("Location") not in (None, location), "two notes got the same id")
        missing = requests.get(f"{url}/notes/{secrets.token_hex(6)}", timeout=5).status_code
        expect(missing == 404, f"GET of an id never given out answered {missing}, not 404")
        for bad in ({}, {"text": 3}):
            status = requests.post(f"{url}/notes", json=bad, timeout=5).status_code
            expect(status == 422, f"POST /notes with {bad} answered {status}, not 422")


@check(4)
def head_size(ns, stdout):
    expect(
        isinstance(ns.get("guess_head_bytes"), int | float),
        "write your guess, a number, in `guess_head_bytes` before you measure",
    )
    function = defined(ns, "head_bytes(path)")
    send_raw = ns["send_raw"]
    for path in ("/models/breast-cancer", f"/models/{secrets.token_hex(3)}", "/healthz"):
        raw = b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path.encode()
        heads = {len(send_raw(raw).split(b"\r\n\r\n", 1)[0]) for _ in range(2)}
        got = function(path)
        expect(got in heads, f"head_bytes({path!r}) returned {got!r}; the head has {heads} bytes")

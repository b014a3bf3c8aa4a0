"""The HTTP floor of a batch: uvicorn reading a body and writing an answer, and nothing else.

The batch route's latency contains moving its bytes: the request in, the answer out.
This ASGI app does only that, under the same server settings as the services (uvicorn,
uvloop, httptools): it reads the whole body and answers ``?answer_bytes=N`` bytes. The
same bytes POSTed here and to ``/batch-predictions`` separate what HTTP costs for a
payload of that size from what the route adds (``format_routes.py``).

Run: ``python -m benchmarks.http_echo --port 9001``; ``GET /readyz`` answers 200.
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs

import uvicorn


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:  # the body, chunk by chunk, as any ASGI framework reads it
        message = await receive()
        more = message.get("more_body", False)
    query = parse_qs(scope["query_string"].decode())
    answer = b"x" * int(query.get("answer_bytes", ["2"])[0])
    headers = [(b"content-type", b"application/octet-stream")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9001)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, loop="uvloop", http="httptools",
                access_log=False, log_level="warning")  # fmt: skip

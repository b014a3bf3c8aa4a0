"""The batch stream leaves the event loop to other clients while it works through its rows.

Measured without a clock: a task that counts its turns on the loop runs beside the
stream (in process, through httpx's ASGI transport, whose client never makes the
server wait). If the rows were predicted on the loop, that task would not get a single
turn between the stream's first event and its last; it gets one per chunk of rows at
least, whatever the speed of the machine.
"""

import asyncio
import json

import httpx

from services.sse_service import create_app
from services.sse_service.settings import SSESettings
from services.sse_service.streams import CHUNK_ROWS

SETOSA = [5.1, 3.5, 1.4, 0.2]


def test_other_tasks_get_turns_on_the_loop_while_rows_are_predicted(tmp_path):
    app = create_app(SSESettings(db_path=tmp_path / "db.sqlite3"))
    turns = 0
    at_events = []  # the other task's turns so far, when each event of the stream is sent

    async def other_client():
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    async def watched(scope, receive, send):
        async def watching(message):
            if message["type"] == "http.response.body" and b"data:" in message.get("body", b""):
                at_events.append(turns)
            await send(message)

        await app(scope, receive, watching)

    async def scenario():
        other = asyncio.create_task(other_client())
        transport = httpx.ASGITransport(app=watched)
        async with httpx.AsyncClient(transport=transport, base_url="http://sse") as client:
            url = "/batch-predictions/stream?model_id=iris"
            response = await client.post(url, json={"rows": [SETOSA] * (CHUNK_ROWS * 8)})
        other.cancel()
        return response

    response = asyncio.run(scenario())
    assert response.status_code == 200
    events = [line for line in response.text.splitlines() if line.startswith("data:")]
    assert len(events) == CHUNK_ROWS * 8 + 1 and events[-1] == "data: [DONE]"
    assert json.loads(events[0].removeprefix("data: "))["label"] == "setosa"
    assert at_events[-1] - at_events[0] >= 7  # a turn at least per chunk after the first

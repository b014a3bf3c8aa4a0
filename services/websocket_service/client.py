"""A WebSocket client: two requests in flight on one connection, replies matched by id.

Usage: ``python -m services.websocket_service.client --url ws://127.0.0.1:8765/ws``
"""

import argparse
import asyncio
import json

from websockets.asyncio.client import connect


async def main(url: str) -> None:
    async with connect(url) as websocket:
        print("pushed:", json.loads(await websocket.recv())["type"])
        await websocket.send(json.dumps({"type": "generate", "id": "g1", "prompt": "An API"}))
        await websocket.send(
            json.dumps(
                {
                    "type": "predict",
                    "id": "p1",
                    "model_id": "iris",
                    "features": [5.1, 3.5, 1.4, 0.2],
                }
            )
        )
        async for frame in websocket:
            message = json.loads(frame)
            print(message["id"], message["type"], message.get("token") or message.get("label", ""))
            if message["type"] == "done":
                break


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:8765/ws")
    asyncio.run(main(parser.parse_args().url))

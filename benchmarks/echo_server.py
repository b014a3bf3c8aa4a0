"""The floor: a TCP echo server, the cheapest round trip Python can serve on this machine.

Every protocol's latency reads against it: what is left after the kernel's loopback and
one asyncio read and write is the protocol's and the framework's cost.
Run: ``python -m benchmarks.echo_server --port 9000``
"""

from __future__ import annotations

import argparse
import asyncio
import signal


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()


async def serve(host: str, port: int) -> None:
    server = await asyncio.start_server(echo, host, port)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))

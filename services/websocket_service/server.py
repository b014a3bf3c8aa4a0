"""The WebSocket server: handshake checks, the read loop, server push, graceful stop.

Run: ``python -m services.websocket_service --port 8765``; try it with
``python -m services.websocket_service.client --url ws://127.0.0.1:8765/ws``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode

from services.common import api_keys
from services.domain import Predictor
from services.domain.errors import InvalidInput

from .messages import Session, error_message
from .settings import WebSocketSettings

log = logging.getLogger(__name__)


class WebSocketApp:
    def __init__(self, settings: WebSocketSettings):
        self.settings = settings
        self.service = Predictor(
            max_batch_rows=settings.max_batch_rows, max_tokens=settings.max_tokens
        )
        self.draining = False
        self.sessions: set[Session] = set()

    def check_request(self, connection: ServerConnection, request):
        """Plain HTTP on the same port (health), and the API key, before the handshake."""
        url = urlsplit(request.path)
        if url.path in ("/healthz", "/readyz"):
            ok = url.path == "/healthz" or not self.draining
            status = HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE
            text = json.dumps({"status": "ok" if ok else "shutting down"})
            response = connection.respond(status, text)
            response.headers["Content-Type"] = "application/json"
            return response
        if url.path != "/ws":
            return connection.respond(HTTPStatus.NOT_FOUND, "the WebSocket endpoint is /ws\n")
        if self.draining:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "shutting down\n")
        # open connections, not counting this handshake (and others still in progress)
        if len(connection.server.all_connections) >= self.settings.max_connections:
            limit = self.settings.max_connections
            text = f"the server holds its limit of {limit} connections; retry later\n"
            response = connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, text)
            response.headers["Retry-After"] = "5"
            return response
        key = request.headers.get(api_keys.HEADER) or parse_qs(url.query).get("api_key", [None])[0]
        if self.settings.api_keys and not api_keys.is_valid(key, self.settings.api_keys):
            response = connection.respond(HTTPStatus.UNAUTHORIZED, "API key missing or not valid\n")
            response.headers["WWW-Authenticate"] = 'ApiKey realm="api-lab"'
            return response
        return None

    async def handle(self, connection: ServerConnection) -> None:
        async def send(message: dict) -> None:
            try:
                async with asyncio.timeout(self.settings.request_timeout):
                    await connection.send(json.dumps(message))
            except TimeoutError:  # the client read nothing for that long: drop it
                log.info("a client stopped reading; disconnected")
                connection.transport.abort()  # what is buffered for it is freed at once

        session = Session(
            self.service, send, self.settings.token_delay, self.settings.max_streams_per_client
        )
        self.sessions.add(session)
        heartbeat = asyncio.create_task(self.heartbeat(send))
        try:
            await send({"type": "hello", "models": self.service.list_models()})  # pushed, unasked
            async for frame in connection:
                try:
                    message = json.loads(frame)
                except ValueError:  # includes undecodable UTF-8 in a binary frame
                    await connection.close(CloseCode.INVALID_DATA, "frame is not JSON")
                    break
                except RecursionError:  # valid JSON, nested deeper than the parser goes
                    await connection.close(CloseCode.INVALID_DATA, "JSON nested too deeply")
                    break
                if isinstance(message, dict):
                    await session.handle(message)
                else:
                    error = InvalidInput("expected a JSON object with a type and an id")
                    await send(error_message(None, error))
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("unexpected error on a WebSocket connection")
            await connection.close(CloseCode.INTERNAL_ERROR, "unexpected error")
        finally:
            heartbeat.cancel()
            session.close()
            self.sessions.discard(session)

    async def heartbeat(self, send) -> None:
        while True:
            await asyncio.sleep(self.settings.heartbeat_seconds)
            await send({"type": "heartbeat", "time": datetime.now(UTC).isoformat()})

    async def serve(self) -> None:
        stop = asyncio.get_running_loop().create_future()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
        async with serve(
            self.handle,
            self.settings.host,
            self.settings.port,
            process_request=self.check_request,
            max_size=self.settings.max_body_bytes,  # bigger frames close with 1009
            max_queue=self.settings.ws_max_queue,  # frames queued while the handler is busy
            open_timeout=self.settings.request_timeout,  # a handshake sent a byte at a time
            compression="deflate" if self.settings.ws_compression else None,
            close_timeout=self.settings.grace_seconds * 0.3,
        ) as server:
            log.info("WebSocket service on ws://%s:%d/ws", self.settings.host, self.settings.port)
            await stop
            await self.drain(self.settings.grace_seconds * 0.7)
            server.close(close_connections=True, code=CloseCode.GOING_AWAY)
        # leaving the block waits for every handler: at most close_timeout, the rest of
        # the grace period, for clients that do not answer the closing handshake

    async def drain(self, timeout: float) -> None:
        """Refuse new work, let generations in flight finish (bounded), then close."""
        self.draining = True
        in_flight = [task for s in self.sessions for task in s.stop_accepting()]
        if in_flight:
            await asyncio.wait(in_flight, timeout=timeout)

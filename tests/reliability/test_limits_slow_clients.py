"""Slow clients are cut off after APILAB_REQUEST_TIMEOUT (1 s here), never waited for forever.

A slow client sends its request a byte at a time (slowloris), or stops reading the
answer. Without a deadline each one keeps a worker thread (gunicorn, gRPC) or a
connection with its buffers (uvicorn, WebSocket) for as long as it likes.
"""

import json
import socket
import threading
import time

import grpc
import pytest
import requests
from waits import scaled
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from services.common.launch import launch
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc as pb_grpc

TIMEOUT = {"APILAB_REQUEST_TIMEOUT": "1"}
SETOSA = [5.1, 3.5, 1.4, 0.2]
HEAD = b"POST /predictions HTTP/1.1\r\nHost: apilab\r\nContent-Type: application/json\r\n"


def small_window_socket(port: int) -> socket.socket:
    """A client socket with a tiny receive buffer: not reading fills it at once."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    return sock


def drip(sock: socket.socket, first: bytes, seconds: float = scaled(15)) -> None:
    """Send ``first``, then a byte every 0.2 s, until the server hangs up (or ``seconds``).

    Scaled like the checks that wait for the cut: they must end before the drip does.
    """
    sock.settimeout(0.2)
    stop = time.monotonic() + seconds
    try:
        sock.sendall(first)
        while time.monotonic() < stop:
            sock.send(b"a")
            try:
                if sock.recv(4096) == b"":
                    return
            except TimeoutError:
                pass
    except OSError:  # reset by the server
        return


def slowloris(port: int, count: int, first: bytes = HEAD + b"X-Slow: ") -> list[threading.Thread]:
    threads = [
        threading.Thread(target=drip, args=(socket.create_connection(("127.0.0.1", port)), first))
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    return threads


def blocked_once(probe, seconds: float = 5.0) -> bool:
    """True as soon as ``probe()`` (a short-timeout call) times out: the attack holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not probe():
            return True
    return False


def test_slowloris_cannot_take_every_gunicorn_thread():
    with launch("flask_rest", env=TIMEOUT | {"APILAB_THREADS": "2"}) as flask:
        attackers = slowloris(flask.port, count=4)  # twice as many as there are threads

        def quick_request() -> bool:
            try:
                return requests.get(f"{flask.url}/models", timeout=0.3).ok
            except requests.Timeout:
                return False

        # first the attack must work (every thread busy with a slow client), or passing
        # the next assertion would prove nothing
        assert blocked_once(quick_request), "the slow clients never held both threads"
        started = time.monotonic()
        assert requests.get(f"{flask.url}/models", timeout=scaled(10)).status_code == 200
        assert time.monotonic() - started < scaled(5)  # once the deadline freed a thread
        for attacker in attackers:
            attacker.join(scaled(10))
            assert not attacker.is_alive()  # every slow connection was cut off


@pytest.mark.parametrize("name", ["flask_rest", "fastapi_rest"])
def test_a_body_that_stops_arriving_is_408(name):
    with launch(name, env=TIMEOUT) as service:
        sock = socket.create_connection(("127.0.0.1", service.port))
        sock.sendall(HEAD + b"Content-Length: 100\r\n\r\n{")  # 99 bytes never come
        sock.settimeout(10)
        answer = sock.recv(4096).decode()
        assert answer.startswith("HTTP/1.1 408"), answer
        assert "application/problem+json" in answer
        assert requests.get(f"{service.url}/healthz", timeout=5).ok


def test_uvicorn_closes_idle_and_slowloris_connections():
    with launch("fastapi_rest", env=TIMEOUT) as fastapi:
        idle = socket.create_connection(("127.0.0.1", fastapi.port))
        (attacker,) = slowloris(fastapi.port, count=1)
        idle.settimeout(10)
        assert idle.recv(4096).startswith(b"HTTP/1.1 408")
        attacker.join(scaled(10))
        assert not attacker.is_alive()


def test_a_websocket_handshake_sent_slowly_is_cut_off():
    with launch("websocket_service", env=TIMEOUT) as server:
        (attacker,) = slowloris(server.port, 1, b"GET /ws HTTP/1.1\r\nHost: apilab\r\nX-Slow: ")
        attacker.join(scaled(10))
        assert not attacker.is_alive()


def test_an_sse_client_that_stops_reading_is_dropped():
    with launch("sse_service", env=TIMEOUT | {"APILAB_TOKEN_DELAY": "0"}) as sse:
        # 100k rows: about 8 MB of events, more than the socket buffers on both sides hold
        body = json.dumps({"rows": [SETOSA] * 100_000}).encode()
        sock = small_window_socket(sse.port)
        head = b"POST /batch-predictions/stream?model_id=iris HTTP/1.1\r\nHost: apilab\r\n"
        sock.sendall(
            head + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        sock.sendall(body)
        # read nothing: the buffers fill (about 3 MB, in 2-3 s), stay full for the 1 s
        # timeout, and the server drops us; the margin is for a busy CI machine
        time.sleep(scaled(8))
        received = read_until_closed(sock)
        assert received.startswith(b"HTTP/1.1 200")
        assert b"data: [DONE]" not in received  # the stream was cut, not waited for
        assert requests.get(f"{sse.url}/healthz", timeout=5).ok


def read_until_closed(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    chunks = []
    try:
        while chunk := sock.recv(1 << 16):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def test_a_websocket_client_that_stops_reading_is_dropped():
    with launch("websocket_service", env=TIMEOUT | {"APILAB_WS_COMPRESSION": "false"}) as server:
        sock = small_window_socket(server.port)
        rows = [SETOSA] * 20_000  # each answer is about 1 MB
        url = f"ws://{server.address}/ws"
        with connect(url, sock=sock, max_queue=1, max_size=None, compression=None) as ws:
            for request_id in range(10):
                batch = {"type": "predict_batch", "id": request_id, "model_id": "iris"}
                ws.send(json.dumps(batch | {"rows": rows}))
            time.sleep(scaled(4))  # max_queue=1: the client library stops reading the socket too
            answers = 0
            with pytest.raises(ConnectionClosed):
                while True:
                    answers += json.loads(ws.recv(timeout=10))["type"] == "batch_prediction"
            assert answers < 10
        with connect(url) as again:
            assert json.loads(again.recv(timeout=5))["type"] == "hello"


def test_a_stalled_grpc_call_cannot_hold_the_only_worker():
    env = TIMEOUT | {"APILAB_WORKERS": "1", "APILAB_MAX_CONNECTION_AGE": "1"}
    stop = threading.Event()

    def one_row_then_nothing():
        yield pb.PredictionRequest(model_id="iris", features=SETOSA)
        stop.wait(20)  # the request stream never ends: the call waits for more rows

    options = [("grpc.use_local_subchannel_pool", 1)]  # a connection of its own each
    with (
        launch("grpc_service", env=env, ready_path=None) as server,
        grpc.insecure_channel(server.address, options=options) as slow,
        grpc.insecure_channel(server.address, options=options) as other,
    ):
        stalled = pb_grpc.PredictionServiceStub(slow).PredictCollect.future(one_row_then_nothing())
        request = pb.PredictionRequest(model_id="iris", features=SETOSA)

        def quick_call() -> bool:
            try:
                return bool(pb_grpc.PredictionServiceStub(other).Predict(request, timeout=0.3))
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED, error
                return False

        # first the stalled call must hold the only worker, or the answer below proves nothing
        assert blocked_once(quick_call), "the stalled call never held the worker"
        answer = pb_grpc.PredictionServiceStub(other).Predict(request, timeout=10)
        assert answer.label == "setosa"  # served once the stalled call's connection aged out
        with pytest.raises(grpc.RpcError) as caught:
            stalled.result(timeout=10)
        # ended by the idle deadline between messages (call_limits.py) or the connection age
        ended = (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE)
        assert caught.value.code() in ended
        stop.set()

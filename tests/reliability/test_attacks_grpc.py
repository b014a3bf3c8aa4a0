"""One gRPC client must not take the server's threads or its memory.

Before: 16 ``PredictCollect`` calls that never half-close, on one connection, left
another client's ``Predict`` and the health ``Check`` at DEADLINE_EXCEEDED for 300 s;
150 messages of 1 MiB in one ``PredictCollect`` took the server from 98 to 1,770 MB.
"""

import threading
import time

import grpc
import psutil
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common.launch import launch
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc as pb_grpc

SETOSA = [5.1, 3.5, 1.4, 0.2]
ROW = pb.PredictionRequest(model_id="iris", features=SETOSA)


def rows_then_wait(stop: threading.Event):
    yield ROW
    stop.wait(60)  # never half-closes: the call waits for more rows


@pytest.fixture(scope="module")
def grpc_server():
    with launch("grpc_service", env={"APILAB_REQUEST_TIMEOUT": "3"}, ready_path=None) as server:
        yield server


def test_streams_that_never_end_leave_threads_for_predict_and_health(grpc_server):
    stop = threading.Event()
    with (
        grpc.insecure_channel(grpc_server.address) as attacker,
        grpc.insecure_channel(grpc_server.address) as other,
    ):
        collect = pb_grpc.PredictionServiceStub(attacker).PredictCollect
        calls = [collect.future(rows_then_wait(stop)) for _ in range(16)]
        try:
            time.sleep(0.5)  # every call has reached the server
            answer = pb_grpc.PredictionServiceStub(other).Predict(ROW, timeout=2)
            assert answer.label == "setosa"
            check = health_pb2_grpc.HealthStub(other).Check(
                health_pb2.HealthCheckRequest(), timeout=2
            )
            assert check.status == health_pb2.HealthCheckResponse.SERVING
            refused = [c for c in calls if c.done()]  # beyond the streaming share: at once
            assert refused, "every stream got a thread: nothing is left for unary calls"
            assert all(c.exception().code() == grpc.StatusCode.RESOURCE_EXHAUSTED for c in refused)
        finally:
            stop.set()
            for call in calls:
                call.cancel()


def test_a_request_stream_that_goes_quiet_is_ended(grpc_server):
    stop = threading.Event()
    with grpc.insecure_channel(grpc_server.address) as channel:
        started = time.monotonic()
        with pytest.raises(grpc.RpcError) as caught:
            pb_grpc.PredictionServiceStub(channel).PredictCollect(rows_then_wait(stop), timeout=30)
        stop.set()
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert "no request message for 3 s" in caught.value.details()
    assert time.monotonic() - started < 20


def test_predict_collect_stops_at_the_byte_limit_not_after_reading_everything(grpc_server):
    server = psutil.Process(grpc_server.process.pid)
    before = server.memory_info().rss
    big = pb.PredictionRequest(model_id="iris", features=[1.0] * (256 * 1024))  # 1 MiB
    with (
        grpc.insecure_channel(grpc_server.address) as channel,
        pytest.raises(grpc.RpcError) as caught,
    ):
        pb_grpc.PredictionServiceStub(channel).PredictCollect((big for _ in range(150)), timeout=60)
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    grown = (server.memory_info().rss - before) / 2**20
    assert grown < 300, f"RSS grew by {grown:.0f} MiB"  # before: about 1,670 MiB


def test_predict_collect_still_answers_a_normal_stream(grpc_server):
    with grpc.insecure_channel(grpc_server.address) as channel:
        result = pb_grpc.PredictionServiceStub(channel).PredictCollect(iter([ROW] * 5), timeout=10)
    assert list(result.labels) == ["setosa"] * 5

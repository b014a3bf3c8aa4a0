"""A real gRPC server process and a channel to it."""

import grpc
import pytest

from services.common.launch import launch
from services.contract import prediction_pb2_grpc


@pytest.fixture(scope="module")
def grpc_server():
    env = {"APILAB_MAX_BODY_BYTES": "4096"}
    with launch("grpc_service", env=env, ready_path=None) as running:
        yield running


@pytest.fixture(scope="module")
def channel(grpc_server):
    with grpc.insecure_channel(grpc_server.address) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield channel


@pytest.fixture
def stub(channel):
    return prediction_pb2_grpc.PredictionServiceStub(channel)

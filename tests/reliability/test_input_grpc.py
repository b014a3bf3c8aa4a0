"""Random and damaged protobuf bytes on every rpc: INVALID_ARGUMENT, never INTERNAL.

The stubs would only ever send well-formed messages, so the calls here go through the
channel's generic methods with no serializer: the bytes reach the server as written.
After each call the server must still answer a valid ``Predict``.
"""

import grpc
import pytest
from fuzzing import fuzz
from grpc_status import rpc_status
from hypothesis import given
from hypothesis import strategies as st

from services.common.launch import launch
from services.contract import prediction_pb2 as pb

SERVICE = "/prediction.PredictionService/"
SETOSA = [5.1, 3.5, 1.4, 0.2]
VALID = {  # rpc -> (a valid request, request streaming, response streaming)
    "Predict": (pb.PredictionRequest(model_id="iris", features=SETOSA), False, False),
    "PredictBatch": (
        pb.PredictionBatch(model_id="iris", n_features=4, values=SETOSA),
        False,
        False,
    ),
    "GetModel": (pb.GetModelRequest(model_id="iris"), False, False),
    "ListModels": (pb.ListModelsRequest(), False, False),
    "PredictStream": (pb.PredictionRequest(model_id="iris", features=SETOSA * 2), False, True),
    "Generate": (pb.GenerateRequest(prompt="An API", max_tokens=4), False, True),
    "PredictCollect": (pb.PredictionRequest(model_id="iris", features=SETOSA), True, False),
    "PredictInteractive": (pb.PredictionRequest(model_id="iris", features=SETOSA), True, True),
}
# what a wrong request may get; INTERNAL or UNKNOWN would mean the server broke
REFUSALS = {grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND}
FUZZ = fuzz(25)


@pytest.fixture(scope="module")
def channel():
    env = {"APILAB_MAX_BODY_BYTES": "4096"}
    with (
        launch("grpc_service", env=env, ready_path=None) as server,
        grpc.insecure_channel(server.address) as channel,
    ):
        yield channel


def raw_call(channel, rpc: str, payload: bytes):
    """Send ``payload`` as the request (in a stream after one valid message); bytes back."""
    valid, request_streaming, response_streaming = VALID[rpc]
    kind = ("stream" if request_streaming else "unary") + "_"
    kind += "stream" if response_streaming else "unary"
    call = getattr(channel, kind)(SERVICE + rpc)  # no serializers: bytes in, bytes out
    request = iter([valid.SerializeToString(), payload]) if request_streaming else payload
    answer = call(request, timeout=5)
    return list(answer) if response_streaming else answer


@st.composite
def damaged(draw, valid: bytes) -> bytes:
    how = draw(st.sampled_from(["random", "cut", "changed"]))
    if how == "random" or not valid:
        return draw(st.binary(min_size=1, max_size=64))
    at = draw(st.integers(0, len(valid) - 1))
    if how == "cut":
        return valid[:at]
    return valid[:at] + bytes([draw(st.integers(0, 255))]) + valid[at + 1 :]


def assert_refused_properly(error: grpc.RpcError) -> None:
    assert error.code() in REFUSALS, (error.code(), error.details())
    assert error.details()
    if error.code() == grpc.StatusCode.INVALID_ARGUMENT:  # rich details name the problem
        status = rpc_status.from_call(error)
        assert status is not None and status.details


def assert_still_serving(channel) -> None:
    answer = raw_call(channel, "Predict", VALID["Predict"][0].SerializeToString())
    assert pb.PredictionResponse.FromString(answer).label == "setosa"


@pytest.mark.parametrize("rpc", list(VALID))
def test_damaged_bytes_are_invalid_argument(channel, rpc):
    @FUZZ
    @given(payload=damaged(VALID[rpc][0].SerializeToString()))
    def check(payload):
        try:
            raw_call(channel, rpc, payload)  # damage can leave a valid message: fine
        except grpc.RpcError as error:
            assert_refused_properly(error)
        assert_still_serving(channel)

    check()


def test_bytes_that_cannot_be_a_message_are_named(channel):
    with pytest.raises(grpc.RpcError) as caught:
        raw_call(channel, "Predict", b"\x0a\xff")  # field 1, length 255, then nothing
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "not a valid protobuf message" in caught.value.details()
    assert_still_serving(channel)


floats = st.floats(width=32) | st.floats()


@FUZZ
@given(
    model_id=st.sampled_from(["iris", "breast-cancer", "", "nope"]) | st.text(max_size=8),
    features=st.lists(floats, max_size=40),
)
def test_well_formed_messages_with_any_values_are_answered_or_refused(channel, model_id, features):
    request = pb.PredictionRequest(model_id=model_id, features=features).SerializeToString()
    try:
        pb.PredictionResponse.FromString(raw_call(channel, "Predict", request))
    except grpc.RpcError as error:
        assert_refused_properly(error)

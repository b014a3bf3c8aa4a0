"""Each domain error arrives as its gRPC status with rich details; the server goes on."""

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from services.common.launch import launch
from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc


def details(error: grpc.RpcError) -> dict:
    """The unpacked google.rpc details of a failed call, by type name."""
    found = {}
    for any_detail in rpc_status.from_call(error).details:
        for kind in (error_details_pb2.BadRequest, error_details_pb2.ErrorInfo):
            if any_detail.Is(kind.DESCRIPTOR):
                message = kind()
                any_detail.Unpack(message)
                found[kind.__name__] = message
    return found


def fails(call, *args) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        result = call(*args)
        list(result) if hasattr(result, "__iter__") else result
    return caught.value


def test_invalid_features_carry_field_violations(stub):
    error = fails(
        stub.Predict, pb.PredictionRequest(features=[1, float("nan"), 2, 3], model_id="iris")
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = details(error)
    assert found["ErrorInfo"].reason == "invalid_features"
    violation = found["BadRequest"].field_violations[0]
    assert (violation.field, violation.description) == (
        "features[1]",
        "expected a finite number, got nan",
    )
    assert stub.Predict(pb.PredictionRequest(features=[5.1, 3.5, 1.4, 0.2], model_id="iris")).label


def test_unknown_model_is_not_found(stub):
    error = fails(stub.GetModel, pb.GetModelRequest(model_id="daisy"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert error.details() == "unknown model 'daisy'; known models: breast-cancer, iris"
    assert details(error)["ErrorInfo"].reason == "unknown_model"


def test_stream_of_a_wrong_length_is_invalid(stub):
    error = fails(stub.PredictStream, pb.PredictionRequest(features=[1.0] * 5, model_id="iris"))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "multiple of 4" in error.details()


def test_bad_generation_arguments_name_the_field(stub):
    error = fails(stub.Generate, pb.GenerateRequest(prompt="", max_tokens=5))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(error)["BadRequest"].field_violations[0].field == "prompt"


def test_message_over_the_limit_is_resource_exhausted(stub):
    big = pb.PredictionBatch(model_id="iris", n_features=4, values=[1.0] * 4000)
    error = fails(stub.PredictBatch, big)
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert stub.ListModels(pb.ListModelsRequest()).models


def test_api_key_is_required_when_configured():
    with launch("grpc_service", env={"APILAB_API_KEYS": "k1"}, ready_path=None) as server:
        channel = grpc.insecure_channel(server.address)
        stub = prediction_pb2_grpc.PredictionServiceStub(channel)
        request = pb.GetModelRequest(model_id="iris")
        assert fails(stub.GetModel, request).code() == grpc.StatusCode.UNAUTHENTICATED
        error = fails(lambda r: stub.GetModel(r, metadata=[("x-api-key", "nope")]), request)
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        info = details(error)["ErrorInfo"]  # the same rich details as every other error
        assert (info.reason, info.domain) == ("unauthenticated", "apilab")
        assert error.details() == "API key missing or not valid: send it as x-api-key"
        assert stub.GetModel(request, metadata=[("x-api-key", "k1")]).id == "iris"
        streamed = stub.Generate(pb.GenerateRequest(prompt="An API", max_tokens=2))
        assert fails(list, streamed).code() == grpc.StatusCode.UNAUTHENTICATED
        channel.close()

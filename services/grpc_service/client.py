"""A client for every call pattern of PredictionService, to read beside server.py.

Usage: ``python -m services.grpc_service.client --target 127.0.0.1:50051``
"""

from __future__ import annotations

import argparse

import grpc

from services.contract import prediction_pb2 as pb
from services.contract import prediction_pb2_grpc

SETOSA, VIRGINICA = [5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]


def unary(stub) -> None:
    response = stub.Predict(pb.PredictionRequest(features=SETOSA, model_id="iris"))
    print(f"Predict            -> {response.label} ({response.score:.3f})")


def server_streaming(stub) -> None:
    request = pb.PredictionRequest(features=SETOSA + VIRGINICA, model_id="iris")
    for response in stub.PredictStream(request):
        print(f"PredictStream      -> row {response.row}: {response.label}")


def client_streaming(stub) -> None:
    rows = (pb.PredictionRequest(features=row, model_id="iris") for row in (SETOSA, VIRGINICA))
    result = stub.PredictCollect(rows)
    print(f"PredictCollect     -> {list(result.labels)}")


def bidirectional(stub) -> None:
    rows = (pb.PredictionRequest(features=row, model_id="iris") for row in (SETOSA, VIRGINICA))
    for response in stub.PredictInteractive(rows):
        print(f"PredictInteractive -> row {response.row}: {response.label}")


def tokens(stub) -> None:
    request = pb.GenerateRequest(prompt="A gateway", max_tokens=12, seed=0)
    print("Generate           ->", "".join(t.text for t in stub.Generate(request)))


def errors(stub) -> None:
    try:
        stub.Predict(pb.PredictionRequest(features=[1.0], model_id="iris"))
    except grpc.RpcError as error:
        print(f"bad row            -> {error.code().name}: {error.details()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    target = parser.parse_args().target
    with grpc.insecure_channel(target) as channel:
        stub = prediction_pb2_grpc.PredictionServiceStub(channel)
        for call in (unary, server_streaming, client_streaming, bidirectional, tokens, errors):
            call(stub)


if __name__ == "__main__":
    main()

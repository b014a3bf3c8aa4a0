"""Hidden check of notebook 05's build task: the student's servicer, served by the grader,
called with the generated stub; its predictions must land in the REST service."""

import grpc
import requests

from grading import live
from grading.api import check, expect


def _stored(url: str) -> int:
    params = {"model_id": "iris", "page_size": 1000}
    return len(requests.get(f"{url}/predictions", params=params, timeout=5).json()["predictions"])


@check(4)
def rest_backed_servicer(ns, stdout):
    cls = ns.get("RestBackedServicer")
    expect(isinstance(cls, type), "define a class `RestBackedServicer`")
    pb, generated = ns["pb"], ns["prediction_pb2_grpc"]
    expect(
        issubclass(cls, generated.PredictionServiceServicer),
        "RestBackedServicer must subclass prediction_pb2_grpc.PredictionServiceServicer",
    )
    rows = [[5.0, 3.4, 1.5, 0.2], [6.9, 3.1, 4.9, 1.5], [7.2, 3.6, 6.1, 2.5]]
    before = _stored(ns["rest"].url)
    with live.grpc_servicer(generated.add_PredictionServiceServicer_to_server, cls()) as channel:
        mine = generated.PredictionServiceStub(channel)
        for row in rows:
            request = pb.PredictionRequest(features=row, model_id="iris")
            got, truth = mine.Predict(request, timeout=10), ns["stub"].Predict(request, timeout=10)
            expect(
                got.label == truth.label and abs(got.score - truth.score) < 1e-4,
                f"Predict({row}) answered {got.label} {got.score:.4f}; "
                f"the model says {truth.label} {truth.score:.4f}",
            )
            expect(got.model_version == truth.model_version, "model_version is missing or wrong")
        for request, want in (
            (pb.PredictionRequest(features=[1.0, 2.0], model_id="iris"), "INVALID_ARGUMENT"),
            (pb.PredictionRequest(features=rows[0], model_id="daisy"), "NOT_FOUND"),
        ):
            try:
                mine.Predict(request, timeout=10)
                code = "OK"
            except grpc.RpcError as error:
                code = error.code().name
            expect(code == want, f"a request the REST API refuses ended with {code}, not {want}")
    after = _stored(ns["rest"].url)
    expect(
        after == before + len(rows),
        f"the REST service stored {after - before} new iris predictions, not {len(rows)}: "
        "did Predict call POST /predictions on rest?",
    )

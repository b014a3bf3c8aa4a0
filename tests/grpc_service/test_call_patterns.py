"""Every call pattern answers what the REST service answers for the same rows.

gRPC sends a score as a float32, REST as JSON's float64: the REST score rounded to
float32 is compared, to one float32 step (a row alone or in a batch of three may take
another BLAS kernel, and a last-bit difference can round to the neighbouring float32).
"""

import numpy as np
import pytest
import requests

from services.contract import prediction_pb2 as pb

ROWS = [[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]]


FLOAT32_STEP = float(np.finfo(np.float32).eps)


def rest_predictions(fastapi_rest) -> list[tuple[str, float]]:
    response = requests.post(
        f"{fastapi_rest.url}/batch-predictions?model_id=iris", json={"rows": ROWS}, timeout=5
    )
    return [(p["label"], float(np.float32(p["score"]))) for p in response.json()["predictions"]]


def assert_same(pairs, fastapi_rest) -> None:
    """The same labels in the same order; the same float32 scores, to one float32 step."""
    labels, scores = zip(*pairs, strict=True)
    rest_labels, rest_scores = zip(*rest_predictions(fastapi_rest), strict=True)
    assert labels == rest_labels
    assert scores == pytest.approx(rest_scores, rel=FLOAT32_STEP, abs=0)


def test_unary_equals_rest(stub, fastapi_rest):
    answers = [stub.Predict(pb.PredictionRequest(features=row, model_id="iris")) for row in ROWS]
    assert_same([(a.label, a.score) for a in answers], fastapi_rest)
    assert answers[0].model_version == "1.0.0"


def test_server_streaming_sends_one_response_per_row(stub, fastapi_rest):
    flat = [value for row in ROWS for value in row]
    answers = list(stub.PredictStream(pb.PredictionRequest(features=flat, model_id="iris")))
    assert [a.row for a in answers] == [0, 1, 2]
    assert_same([(a.label, a.score) for a in answers], fastapi_rest)


def test_client_streaming_collects_every_row(stub, fastapi_rest):
    result = stub.PredictCollect(pb.PredictionRequest(features=r, model_id="iris") for r in ROWS)
    assert_same(zip(result.labels, result.scores, strict=True), fastapi_rest)


def test_bidirectional_answers_each_row_as_it_arrives(stub, fastapi_rest):
    requests_ = (pb.PredictionRequest(features=r, model_id="iris") for r in ROWS)
    answers = list(stub.PredictInteractive(requests_))
    assert_same([(a.label, a.score) for a in answers], fastapi_rest)


def test_batch_message_equals_rest(stub, fastapi_rest):
    batch = pb.PredictionBatch(model_id="iris", n_features=4, values=np.ravel(ROWS).tolist())
    result = stub.PredictBatch(batch)
    assert_same(zip(result.labels, result.scores, strict=True), fastapi_rest)


def test_generate_streams_the_domains_tokens(stub, service):
    tokens = stub.Generate(pb.GenerateRequest(prompt="A gateway", max_tokens=10, seed=3))
    texts = [(t.index, t.text) for t in tokens]
    assert texts == list(enumerate(service.generate_tokens("A gateway", 10, 3)))


def test_list_and_get_models(stub):
    models = stub.ListModels(pb.ListModelsRequest()).models
    assert [m.id for m in models] == ["breast-cancer", "iris"]
    iris = stub.GetModel(pb.GetModelRequest(model_id="iris"))
    assert (iris.n_features, list(iris.classes)) == (4, ["setosa", "versicolor", "virginica"])


def test_unary_reports_handler_time_in_trailing_metadata(stub):
    _, call = stub.Predict.with_call(pb.PredictionRequest(features=ROWS[0], model_id="iris"))
    timing = dict(call.trailing_metadata())["server-timing"]
    assert timing.startswith("handler;dur=") and float(timing.split("=")[1]) > 0

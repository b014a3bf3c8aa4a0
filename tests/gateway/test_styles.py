"""One set of backends, four API styles: OpenAI, Bedrock invoke and converse, Vertex predict."""

import json

import httpx
import pytest
from gateway_wire import ADMIN, KEYS, bearer, chat, markov_answer

from services.common.launch import launch

FLOWER = [5.1, 3.5, 1.4, 0.2]


def test_one_model_answers_the_same_in_every_style(http):
    tokens, finish = markov_answer("the api", 6, 0)
    openai = http.post(
        "/v1/chat/completions",
        json=chat("apilab-markov", "the api", max_tokens=6),
        headers=bearer(ADMIN),
    ).json()
    invoke = http.post(
        "/model/apilab-markov/invoke",
        json={"prompt": "the api", "max_tokens": 6, "seed": 0},
        headers=bearer(ADMIN),
    )
    converse = http.post(
        "/model/apilab-markov/converse",
        json={
            "messages": [{"role": "user", "content": [{"text": "the api"}]}],
            "inferenceConfig": {"maxTokens": 6},
        },
        headers=bearer(ADMIN),
    )
    predict = http.post(
        "/v1/models/apilab-markov:predict",
        json={"instances": [{"prompt": "the api"}], "parameters": {"maxOutputTokens": 6}},
        headers=bearer(ADMIN),
    )
    text = "".join(tokens)
    assert openai["choices"][0]["message"]["content"] == text
    assert invoke.json() == {"completion": text, "stop_reason": finish}
    body = converse.json()
    assert body["output"]["message"] == {"role": "assistant", "content": [{"text": text}]}
    assert body["stopReason"] == {"stop": "end_turn", "length": "max_tokens"}[finish]
    assert body["usage"] == {
        "inputTokens": 2,
        "outputTokens": len(tokens),
        "totalTokens": 2 + len(tokens),
    }
    assert predict.json()["predictions"] == [{"content": text, "finishReason": finish}]
    for response in (invoke, converse, predict):
        assert response.headers["X-Gateway-Deployment"] == "in-process"


def test_the_classifier_in_every_style(http, rest):
    direct = httpx.post(
        f"{rest.url}/batch-predictions", params={"model_id": "iris"}, json={"rows": [FLOWER]}
    ).json()["predictions"][0]
    invoke = http.post(
        "/model/iris-classifier/invoke", json={"rows": [FLOWER]}, headers=bearer(ADMIN)
    )
    assert invoke.json()["predictions"] == [direct]  # the REST service's own answer, as it was
    predict = http.post(
        "/v1/models/iris-classifier:predict",
        json={"instances": [FLOWER, FLOWER]},
        headers=bearer(ADMIN),
    ).json()
    assert predict["predictions"] == [direct, direct] and predict["deployedModelId"] == rest.url
    converse = http.post(
        "/model/iris-classifier/converse",
        json={"messages": [{"role": "user", "content": [{"text": "5.1, 3.5, 1.4, 0.2"}]}]},
        headers=bearer(ADMIN),
    ).json()
    assert converse["output"]["message"]["content"][0]["text"].startswith(direct["label"])


def test_invoke_passes_a_mistake_to_the_backend_converse_refuses_it(http, rest):
    # invoke: the gateway checks nothing; the REST service finds the wrong row and says so
    invoke = http.post(
        "/model/iris-classifier/invoke", json={"rows": [[5.1, 3.5]]}, headers=bearer(ADMIN)
    )
    assert invoke.status_code == 400
    assert invoke.headers["x-amzn-ErrorType"] == "ValidationException"
    assert invoke.headers["X-Gateway-Deployment"] == rest.url  # it reached the backend
    assert "4 features" in invoke.json()["message"] and set(invoke.json()) == {"message"}
    # converse: a field of the fixed shape with the wrong type never reaches a backend
    converse = http.post(
        "/model/iris-classifier/converse",
        json={"messages": [{"role": "user", "content": "5.1, 3.5"}]},
        headers=bearer(ADMIN),
    )
    assert converse.status_code == 400
    assert converse.headers["x-amzn-ErrorType"] == "ValidationException"
    assert "X-Gateway-Deployment" not in converse.headers
    assert converse.json()["message"].startswith("messages.0.content")
    unknown_field = http.post(
        "/model/apilab-markov/converse",
        json={"messages": [{"role": "user", "content": [{"text": "hi"}]}], "temperature": 2},
        headers=bearer(ADMIN),
    )
    assert unknown_field.status_code == 400 and "temperature" in unknown_field.json()["message"]


@pytest.mark.parametrize(
    ("path", "body", "status", "kind"),
    [
        ("/model/gpt-5/invoke", {}, 404, "ResourceNotFoundException"),
        ("/model/apilab-markov/invoke", {"prompt": 7}, 400, "ValidationException"),
        ("/v1/models/gpt-5:predict", {"instances": [1]}, 404, "NOT_FOUND"),
        ("/v1/models/iris-classifier:predict", {"instances": []}, 400, "INVALID_ARGUMENT"),
        ("/v1/models/iris-classifier:predict", {"instances": [[1, 2]]}, 400, "INVALID_ARGUMENT"),
    ],
)
def test_errors_have_each_styles_own_shape(http, path, body, status, kind):
    response = http.post(path, json=body, headers=bearer(ADMIN))
    assert response.status_code == status, response.text
    if path.startswith("/model/"):
        assert response.headers["x-amzn-ErrorType"] == kind and set(response.json()) == {"message"}
    else:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "status"}
        assert (error["code"], error["status"]) == (status, kind)


def test_a_key_is_needed_and_its_models_hold_in_every_style(http):
    missing = http.post("/model/apilab-markov/invoke", json={"prompt": "hi"})
    assert missing.status_code == 401
    assert missing.headers["x-amzn-ErrorType"] == "UnrecognizedClientException"
    denied = http.post(
        "/v1/models/iris-classifier:predict",
        json={"instances": [FLOWER]},
        headers=bearer("sk-test-markov-only"),
    )
    assert denied.status_code == 403 and denied.json()["error"]["status"] == "PERMISSION_DENIED"


def test_every_style_is_in_the_openapi_document(http):
    document = http.get("/openapi.json").json()
    for path in (
        "/v1/chat/completions",
        "/v1/embeddings",
        "/model/{modelId}/invoke",
        "/model/{modelId}/converse",
        "/v1/models/{model}:predict",
        "/spend",
    ):
        assert "post" in document["paths"][path] or "get" in document["paths"][path]
    converse = document["paths"]["/model/{modelId}/converse"]["post"]
    assert "400" in converse["responses"] and "422" not in converse["responses"]


def test_the_gateway_translates_every_style_to_the_grpc_service():
    with launch("grpc_service", ready_path=None) as grpc_server:
        env = {
            "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
            "APILAB_GATEWAY_DEPLOYMENTS": json.dumps(
                {"iris-classifier": [f"grpc://{grpc_server.address}"]}
            ),
        }
        with launch("gateway", env=env) as gateway, httpx.Client(base_url=gateway.url) as http:
            key = bearer(ADMIN)
            completion = http.post(
                "/v1/chat/completions",
                json=chat("iris-classifier", "5.1, 3.5, 1.4, 0.2"),
                headers=key,
            )
            assert completion.json()["choices"][0]["message"]["content"].startswith("setosa")
            assert completion.headers["X-Gateway-Deployment"] == f"grpc://{grpc_server.address}"
            invoke = http.post(
                "/model/iris-classifier/invoke", json={"features": FLOWER}, headers=key
            )
            assert invoke.json()["label"] == "setosa" and 0 < invoke.json()["score"] <= 1
            predict = http.post(
                "/v1/models/iris-classifier:predict", json={"instances": [FLOWER]}, headers=key
            )
            assert predict.json()["predictions"][0]["label"] == "setosa"
            wrong = http.post(
                "/model/iris-classifier/invoke", json={"features": [1.0]}, headers=key
            )
            assert wrong.status_code == 400  # INVALID_ARGUMENT from the gRPC service
            assert wrong.headers["x-amzn-ErrorType"] == "ValidationException"

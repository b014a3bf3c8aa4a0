"""The kinds of submission a grader meets, built from solutions/ and notebooks/ for the tests.

WRONG holds, per notebook, one plausible wrong answer per exercise: functions that only
work for the example shown, a request to the wrong resource, a missing token.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))

WRONG = {
    "01_http_anatomy": [
        'def status_line(path):\n    return "HTTP/1.1 200 OK"\n\n\nprint(status_line("/models"))',
        'response = requests.get(f"{rest.url}/models/iris", timeout=5)\nprint(200, "virginica")',
        (
            "from flask import Flask\n"
            "\n"
            "\n"
            "def make_notes_app():\n"
            "    app = Flask('notes')\n"
            "\n"
            "    @app.post('/notes')\n"
            "    def create():\n"
            "        return {'id': '1', 'text': 'x'}\n"
            "\n"
            "    return app"
        ),
        (
            "guess_head_bytes = 150\n"
            "\n"
            "\n"
            "def head_bytes(path):  # the whole answer, not its head\n"
            '    raw = f"GET {path} HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n"\n'
            "    return len(send_raw(raw.encode()))"
        ),
    ],
    "02_status_codes": [
        'response = requests.post(f"{rest.url}/predictions", json={"model_id": "iris"})\n'
        'print(415, "unsupported_media_type")',
        (
            "def revalidate(url, etag):  # asks again, but never says which copy it holds\n"
            "    response = requests.get(url, timeout=5)\n"
            '    return response.status_code, response.headers["etag"]'
        ),
    ],
    "03_rest_design": [
        "def labels_by_page(model_id, page_size):\n"
        '    page = requests.get(f"{fastapi.url}/predictions", params={"page_size": 2}).json()\n'
        '    return [[p["label"] for p in page["predictions"]]]\n\n\n'
        'print(labels_by_page("iris", 2))',
        'def query_parameters(document):\n    return ["model_id", "page_size", "page_token"]',
        'def differing_fields(row):\n    return ["created_at", "id"]',
        (
            "def post_once(base_url, row):\n"
            "    for attempt in range(3):\n"
            "        key = str(uuid.uuid4())  # a new key per attempt: each retry is new\n"
            "        try:\n"
            "            response = requests.post(\n"
            '                f"{base_url}/predictions", json=row,\n'
            '                headers={"Idempotency-Key": key}, timeout=5,\n'
            "            )\n"
            "            return response.json()\n"
            "        except requests.ConnectionError:\n"
            "            if attempt == 2:\n"
            "                raise"
        ),
        (
            "def update_if_unchanged(item_url, feedback):  # reads the ETag, never sends it\n"
            "    requests.get(item_url, timeout=5)\n"
            '    return requests.put(item_url, json={"feedback": feedback}, timeout=5).status_code'
        ),
    ],
    "04_authentication": [
        'def claims(token):\n    return {"sub": "writer", "scope": "predictions:read"}',
        'created = requests.post(f"{oauth.url}/predictions", json=ROW, timeout=5)\n'
        'print(201, "setosa")',
        'asked = {"scope": "", "access_token": "x"}\n'
        'answer = requests.get(f"{oauth.url}/models", timeout=5)\nprint("\'\'", 403)',
        (
            "def verify(token, secret):  # reads the claims, never checks the signature\n"
            '    return json.loads(b64url_decode(token.split(".")[1]))'
        ),
        (
            "from fastapi import FastAPI, Header, HTTPException\n"
            "\n"
            "\n"
            "def make_keyed_app(keys):  # 403 where 401 belongs, and == for secrets\n"
            "    app = FastAPI()\n"
            "\n"
            "    @app.get('/secret')\n"
            "    def secret(key: str | None = Header(default=None, alias='X-API-Key')):\n"
            "        if key not in keys:\n"
            "            raise HTTPException(403, detail='no')\n"
            "        return {'ok': True}\n"
            "\n"
            "    return app"
        ),
    ],
    "05_rpc_and_grpc": [
        'answers = [{"id": 1}, {"id": 2}, {"id": 3}]\nprint("1 30\\n2 virginica\\n3 -32004")',
        'def model_info(model_id):\n    return 30, ["malignant", "benign"]',
        "def tag_pair(byte):\n    return byte >> 3, byte & 0b11\n\n\n"
        "def varint(data):\n    return (data[0] & 0x7F) | (data[1] & 0x7F) << 7",
        (
            "class RestBackedServicer(prediction_pb2_grpc.PredictionServiceServicer):\n"
            "    def Predict(self, request, context):  # forwards to the gRPC service, not REST\n"
            "        return stub.Predict(request)"
        ),
    ],
    "06_websocket": [
        "def batch_labels(rows, message_id):\n"
        '    return ["setosa", "versicolor", "virginica", "setosa"]',
        "def generated_text(prompt, max_tokens, seed, message_id):\n"
        '    return " stands in front of many models and speaks one language to every"',
        'def predict_error(features, message_id):\n    return "invalid_features", "features"',
        (
            "def accept_for(key):\n"
            "    return base64.b64encode(hashlib.sha256(key.encode()).digest()).decode()\n"
            "\n"
            "\n"
            "def upgrade(path, api_key=None):\n"
            "    return 101, True"
        ),
        (
            "def handler(connection):  # answers everything with pong, never closes\n"
            "    for message in connection:\n"
            "        connection.send(json.dumps({'type': 'pong', 'id': 'x'}))"
        ),
    ],
    "07_streaming": [
        "def stream_get(prompt, max_tokens, seed):\n"
        '    return [(0, " stands"), (1, " in"), (2, " front")]',
        'def resume(last_id, count):\n    return [(6, "."), (7, " The"), (8, " client")]',
        'def until_full_stop(prompt, seed):\n    return " stands in front of many models.", "OK"',
        (
            "from fastapi import FastAPI\n"
            "\n"
            "\n"
            "def make_countdown_app():\n"
            "    app = FastAPI()\n"
            "\n"
            "    @app.get('/countdown')\n"
            "    def countdown(start: int):\n"
            "        return list(range(start, 0, -1))\n"
            "\n"
            "    return app"
        ),
        ("guess_ttlt_over_ttft = 10\n\n\ndef ttft_ttlt(max_tokens):\n    return 10.0, 300.0"),
    ],
    "08_data_formats": [
        "def csv_answer(body):\n"
        '    return "label,score\\nmalignant,0.9999999987841799\\nmalignant,0.999968187672882"',
        (
            "guess_smallest_at_1 = 'Protobuf'\n"
            "guess_smallest_at_100 = 'Parquet'\n"
            "\n"
            "\n"
            "def sizes(n):  # ignores n\n"
            "    return {c.name: len(c.encode_rows(rows, features)) for c in CODECS.values()}"
        ),
        (
            "def msgpack_labels(batch):  # sends JSON\n"
            "    response = requests.post(\n"
            "        f'{rest.url}/batch-predictions?model_id=breast-cancer',\n"
            "        json={'rows': batch.tolist()}, timeout=10)\n"
            "    return ['malignant'] * len(batch), response"
        ),
    ],
    "09_genai_gateway": [
        "def streamed_text(content, max_tokens, seed):\n"
        '    return " and the status code that tells the client and the score."',
        'def classify(flower):\n    return "virginica (score 0.961)", 20',
        'def x_cache(content, seeds):\n    return ["miss", "hit", "miss"]',
        (
            'rules = {"no-model": {"pattern": r"(?i)model", "action": "cut"}}  # "remodel" too\n'
            "guarded = start(\n"
            '    "gateway",\n'
            "    env={\n"
            '        "APILAB_GATEWAY_KEYS": json.dumps(policies),\n'
            '        "APILAB_GATEWAY_OUTPUT_GUARDRAILS": json.dumps(rules),\n'
            "    },\n"
            ")"
        ),
        (
            "def wait_before_retry(response):  # any Retry-After, even a spent budget's\n"
            "    if 200 <= response.status_code < 300:\n"
            "        return 0\n"
            '    if "Retry-After" in response.headers:\n'
            '        return float(response.headers["Retry-After"])\n'
            "    return None"
        ),
    ],
    "10_microservice_anatomy": [
        'def label_and_score(row):\n    return "virginica", 0.994',
        "def as_http(error, instance):\n"
        '    return 404, "/problems/unknown_prediction", "no prediction \'p-1\'"',
        (
            "from flask import Flask, request\n"
            "\n"
            "\n"
            "def make_adapter(service):\n"
            "    app = Flask('x')\n"
            "\n"
            "    @app.post('/classify')\n"
            "    def classify():\n"
            "        body = request.get_json()\n"
            "        return service.create_prediction(body['model_id'], body['features'])\n"
            "\n"
            "    return app"
        ),
    ],
    "11_reading_the_benchmark": [
        "def ceilings(frame):\n    return list(frame.index)",
        "def overheads(frame):\n"
        "    return sorted((k, round(v, 2)) for k, v in (frame.p50_ms - frame.server_ms).items())",
        'def smallest_format(frame, rows):\n    return "Protobuf", 1.9',
        (
            "def meets_tail(n, p=0.99):\n"
            "    return p**n\n"
            "\n"
            "\n"
            "def requests_for_half(p=0.99):\n"
            "    return 50"
        ),
        (
            "guess_p99_ms = 5\n"
            "\n"
            "\n"
            "def latencies_ms(n):\n"
            "    return [1.0] * n\n"
            "\n"
            "\n"
            "def percentile(values, q):\n"
            "    return sum(values) / len(values)"
        ),
    ],
}


def _exercise_cells(notebook):
    return [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


def build(kind: str, solution: Path) -> nbformat.NotebookNode:
    """A student's notebook of one kind: wrong, typed-run, typed-not-run, hard-coded."""
    reference = nbformat.read(solution, as_version=4)
    notebook = nbformat.read(ROOT / "notebooks" / solution.name, as_version=4)
    answers = _exercise_cells(reference)
    for k, (cell, answer) in enumerate(zip(_exercise_cells(notebook), answers, strict=True)):
        header = answer.source.splitlines()[0]
        if kind == "wrong":  # run and saved: its stored output is even the expected one
            cell.source = f"{header}\n{WRONG[solution.stem][k]}"
            cell.outputs = answer.outputs
        elif kind == "typed-run":
            cell.source, cell.outputs = answer.source, answer.outputs
        elif kind == "typed-not-run":
            cell.source, cell.outputs = answer.source, []
        elif kind == "hard-coded":  # prints the solution's stored output verbatim
            cell.source = f"{header}\nprint({_stdout(answer).removesuffix(chr(10))!r})"
            cell.outputs = answer.outputs
        else:
            raise ValueError(kind)
    return notebook


KINDS = ["wrong", "typed-run", "typed-not-run", "hard-coded"]


def write_folder(folder: Path, stems: list[str], kinds: list[str] = KINDS) -> None:
    """folder/<kind>/<notebook>.ipynb for every kind and notebook."""
    for kind in kinds:
        for solution in SOLUTIONS:
            if solution.stem in stems:
                (folder / kind).mkdir(parents=True, exist_ok=True)
                nbformat.write(build(kind, solution), folder / kind / solution.name)

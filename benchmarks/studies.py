"""The benchmark's questions that Locust cannot answer, each from one run of C clients.

- **REST's own cost:** wrk on ``GET /healthz`` and ``POST /predictions`` of the same
  Flask and FastAPI servers, alternated; the ratio says how close the route is to the
  framework's floor. The same for plain apps of each framework (``plain_apps``): the
  best ratio the framework gives; their ladder (our domain, then our store, on the plain
  app) says where the services' difference goes (``rest_layers.breakdown``).
- **Is gRPC faster?** The same one-row prediction, nothing stored: FastAPI's
  ``POST /batch-predictions`` with JSON and with Protobuf (the .proto's
  ``PredictionBatch``) over HTTP/1.1 (wrk); the same app under hypercorn with that
  Protobuf body over HTTP/1.1 (wrk) and HTTP/2 (h2load, ``http2_rest``); and gRPC's
  ``PredictBatch`` (the same message) over HTTP/2 (h2load). Encoding, server and
  transport change one at a time.
- **Server ceilings:** gRPC unary and streams under h2load, WebSocket under the
  raw-frame client, each with the server's CPU: a figure counts only when the server's
  core was >= 90 % busy and the client's <= 85 %.
- **Formats:** the batch route per format and size timed by wrk against its floors
  (``format_routes``: the format's own library, and HTTP alone for the same bytes).
Written to ``studies.json`` in the run's folder; ``report_studies.py`` renders it.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

from benchmarks import format_floor, format_routes, rest_layers
from benchmarks.ceilings import CLIENT_CPUS, SERVER_CPUS, ceiling
from benchmarks.report import verdict
from benchmarks.scenarios import NO_DEFLATE, STREAMS
from services.common.launch import launch


def _load(kind: str, url: str, service, seconds: float, connections: int = 16) -> dict:
    result = ceiling(
        kind,
        url,
        seconds=seconds,
        connections=connections,
        cpus=CLIENT_CPUS,
        server_pid=service.process.pid,
    )
    server, client = result.get("server_cpu_percent") or 0, result["client_cpu_percent"]
    return {"kind": kind, **result, "verdict": verdict(server, client)}


# the frameworks' own floor: plain apps with the same two routes (benchmarks/plain_apps.py)
PLAIN = {"plain_flask": ["flask"], "plain_fastapi": ["fastapi"]}
REST = ("flask_rest", "plain_flask", "fastapi_rest", "plain_fastapi")
LADDER = ("ladder_domain", "ladder_store")  # the plain apps' rungs: + our domain, + our store
PLAIN_SECONDS = 2.0  # a plain app has four routes to time: shorter runs keep make bench < 12 min


def rest_ratio(name: str, seconds: float, progress) -> dict:
    """healthz and predict alternated twice on one server: medians and their ratio.

    On a plain app the ladder's rungs are alternated with them (``plain_apps``): the same
    framework with our domain, then with our store too.
    """
    module, args = ("benchmarks.plain_apps", PLAIN[name]) if name in PLAIN else (name, None)
    ready = "/healthz" if name in PLAIN else "/readyz"
    kinds = ["healthz", "rest_predict"] + (list(LADDER) if name in PLAIN else [])
    with launch(module, cpus=SERVER_CPUS, args=args, ready_path=ready) as service:
        for kind in kinds:
            _load(kind, service.url, service, 1)  # warm-up
        runs = {kind: [] for kind in kinds}
        for repeat in range(2):
            for kind in runs:
                progress(f"{name} {kind} ({repeat + 1}/2)")
                runs[kind].append(_load(kind, service.url, service, seconds))
    rps = {kind: statistics.median(r["rps"] for r in runs[kind]) for kind in kinds}
    every = [r for kind in kinds for r in runs[kind]]
    return {
        "service": name,
        "healthz_rps": rps["healthz"],
        "predict_rps": rps["rest_predict"],
        "ratio": rps["rest_predict"] / rps["healthz"],
        **{f"{kind}_rps": rps[kind] for kind in LADDER if kind in rps},
        "errors": sum(r["errors"] for r in every),
        "server_cpu_percent": statistics.median(r.get("server_cpu_percent") or 0 for r in every),
        "runs": runs,
    }


def decomposition_and_ceilings(seconds: float, progress) -> tuple[list[dict], list[dict]]:
    same_prediction, ceilings = [], []
    with launch("fastapi_rest", cpus=SERVER_CPUS) as service:
        _load("batch_json_1", service.url, service, 1)  # warm-up
        for kind in ("batch_json_1", "batch_protobuf_1"):
            progress(f"FastAPI {kind}")
            same_prediction.append(_load(kind, service.url, service, seconds))
    if shutil.which("h2load"):  # the same app under hypercorn: HTTP/1.1, then HTTP/2
        with launch("benchmarks.http2_rest", cpus=SERVER_CPUS) as service:
            _load("batch_protobuf_1", service.url, service, 1)  # warm-up
            progress("hypercorn batch_protobuf_1 over HTTP/1.1 and HTTP/2")
            load = _load("batch_protobuf_1", service.url, service, seconds)
            same_prediction.append({**load, "kind": "hypercorn_protobuf_1"})
            same_prediction.append(_load("batch_protobuf_1_h2", service.url, service, seconds))
    with launch("grpc_service", cpus=SERVER_CPUS, ready_path=None) as service:
        _load("grpc_batch", service.address, service, 1)  # warm-up
        progress("gRPC PredictBatch, Predict")
        same_prediction.append(_load("grpc_batch", service.address, service, seconds))
        ceilings.append(_load("grpc_predict", service.address, service, seconds))
    with launch("grpc_service", cpus=SERVER_CPUS, ready_path=None, env=dict(STREAMS)) as service:
        progress("gRPC Generate")
        ceilings.append(_load("grpc_generate", service.address, service, seconds))
    with launch("websocket_service", cpus=SERVER_CPUS, env=dict(NO_DEFLATE)) as service:
        url = f"ws://{service.address}/ws"
        _load("websocket_predict", url, service, 1)  # warm-up
        progress("WebSocket predict (raw frames)")
        ceilings.append(_load("websocket_predict", url, service, seconds))
    return same_prediction, ceilings


def run(out: Path, config: dict, print_progress=print) -> dict:
    seconds = max(2.0, 2 * config["seconds"])
    step = iter(range(1, 100))

    def progress(what: str) -> None:
        print_progress(f"  study {next(step)}: {what}")

    progress("format floors (in process)")
    floors = format_floor.measure()
    if shutil.which("wrk"):
        routes = format_routes.measure(1.0, progress=progress)  # 36 wrk runs
    else:  # the batch table then has Locust's p50 alone
        routes = []
        progress("no wrk: the batch route is not timed by a C client (make wrk)")
    progress("REST layers (in process)")
    layers = rest_layers.measure()
    rest = [
        rest_ratio(name, PLAIN_SECONDS if name in PLAIN else seconds, progress) for name in REST
    ]
    same_prediction, ceilings = decomposition_and_ceilings(seconds, progress)
    studies = {
        "format_floor": floors,
        "format_routes": routes,
        "rest_layers": layers,
        "rest": rest,
        "same_prediction": same_prediction,
        "ceilings": ceilings,
    }
    (out / "studies.json").write_text(json.dumps(studies, indent=1))
    return studies


if __name__ == "__main__":
    import tempfile

    print(json.dumps(run(Path(tempfile.mkdtemp()), {"seconds": 1.0}), indent=1))

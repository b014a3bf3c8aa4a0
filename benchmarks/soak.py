"""``make soak``: every protocol at once for minutes; no failure, no lost write, flat memory.

Usage: ``python -m benchmarks.soak`` (``make soak``). Settings (environment):
SOAK_DURATION seconds under load (default 120), SOAK_CLIENTS threads per protocol (2),
SOAK_OUT the results folder (benchmarks/results/soak).

Five services run side by side on loopback while client threads call each of them in
a loop: REST ``POST /predictions`` on Flask and FastAPI, gRPC ``Predict``, WebSocket
``predict``, SSE ``GET /generate``. Every server's memory (RSS) is sampled before the
load, every few seconds during it and at the end. Afterwards every prediction a REST
service acknowledged (201) is looked for through its own API. The run passes with zero
failed requests and every acknowledged prediction stored; the exit code says which.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from benchmarks import settings, soak_report
from benchmarks.soak_clients import GrpcPredict, RestCreate, SseGenerate, WebSocketPredict
from services.common.launch import ROOT, start

PROTOCOLS = [  # label, service, client
    ("REST Flask POST /predictions", "flask_rest", RestCreate),
    ("REST FastAPI POST /predictions", "fastapi_rest", RestCreate),
    ("gRPC Predict", "grpc_service", GrpcPredict),
    ("WebSocket predict", "websocket_service", WebSocketPredict),
    ("SSE generate", "sse_service", SseGenerate),
]
SERVICE_ENV = {"APILAB_TOKEN_DELAY": "0"}  # tokens as fast as they come: a soak, not a demo
READY_PATH = {"grpc_service": None}  # gRPC has no HTTP: ready once the port answers
SAMPLE_EVERY, PROGRESS_EVERY = 2.0, 10.0  # seconds


@dataclass
class Tally:
    """What one protocol's client threads saw."""

    label: str
    service: str
    ok: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # the first few, for the report
    acknowledged: list[str] = field(default_factory=list)  # ids of stored predictions
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, result: str | None, error: Exception | None) -> None:
        with self.lock:
            if error is not None:
                self.failed += 1
                if len(self.errors) < 5:
                    self.errors.append(f"{type(error).__name__}: {error}"[:300])
                return
            self.ok += 1
            if result is not None:
                self.acknowledged.append(result)


def drive(client_class, service, tally: Tally, stop: threading.Event) -> None:
    """Call in a loop until ``stop``; after a failure start again with a fresh client."""
    client = client_class(service)
    while not stop.is_set():
        try:
            tally.record(client.call(), None)
        except Exception as error:  # every kind of failure counts, none stops the soak
            tally.record(None, error)
            with contextlib.suppress(Exception):
                client.close()
            client = client_class(service)
    client.close()


def rss_mb(process: psutil.Process) -> float:
    """Resident memory of a server and its workers (gunicorn: arbiter + worker)."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return round(total / 2**20, 1)


def stored_ids(url: str) -> set[str]:
    """Every prediction the service has, read back page by page through its API."""
    ids, token = set(), None
    while True:
        params = {"page_size": 1000} | ({"page_token": token} if token else {})
        page = requests.get(f"{url}/predictions", params=params, timeout=30).json()
        ids.update(p["id"] for p in page["predictions"])
        token = page["next_page_token"]
        if token is None:
            return ids


def start_side_by_side(stack: contextlib.ExitStack, names: list[str]) -> dict:
    """Start the services at once (start-ups overlap); ``stack`` stops them all."""
    with ThreadPoolExecutor(len(names)) as pool:
        futures = {
            name: pool.submit(
                start, name, env=SERVICE_ENV, ready_path=READY_PATH.get(name, "/readyz")
            )
            for name in names
        }
    for future in futures.values():
        if future.exception() is None:
            stack.callback(future.result().stop)
    return {name: future.result() for name, future in futures.items()}  # raises a failure


def run_soak(duration: float, clients: int, out: Path, log=print) -> dict:
    """Run the soak, write the report into ``out``; the numbers as a dict."""
    with contextlib.ExitStack() as stack:
        services = start_side_by_side(stack, [name for _, name, _ in PROTOCOLS])
        processes = {name: psutil.Process(s.process.pid) for name, s in services.items()}
        samples = []

        def sample(seconds: float) -> None:
            for name, process in processes.items():
                samples.append(
                    {"seconds": round(seconds, 1), "service": name, "rss_mb": rss_mb(process)}
                )

        tallies = [Tally(label, name) for label, name, _ in PROTOCOLS]
        stop = threading.Event()
        threads = [
            threading.Thread(target=drive, args=(client, services[t.service], t, stop))
            for (_, _, client), t in zip(PROTOCOLS, tallies, strict=True)
            for _ in range(clients)
        ]
        sample(0.0)  # idle, before any load
        started = time.monotonic()
        for thread in threads:
            thread.start()
        next_sample, next_progress = SAMPLE_EVERY, PROGRESS_EVERY
        while (elapsed := time.monotonic() - started) < duration:
            time.sleep(max(0.0, min(next_sample, duration) - elapsed))
            elapsed = time.monotonic() - started
            if elapsed >= next_sample or elapsed >= duration:
                sample(elapsed)
                next_sample += SAMPLE_EVERY
            if elapsed >= next_progress:
                log(soak_report.progress_line(elapsed, duration, tallies, samples))
                next_progress += PROGRESS_EVERY
        stop.set()
        for thread in threads:
            thread.join(30)
        seconds = time.monotonic() - started
        sample(seconds)
        stored = {
            t.label: stored_ids(services[t.service].url)
            for t, (_, _, client) in zip(tallies, PROTOCOLS, strict=True)
            if client is RestCreate
        }
    result = soak_report.summarise(tallies, stored, samples, seconds, clients)
    result["load_average"] = [round(load, 1) for load in os.getloadavg()]  # others' work too
    soak_report.write(result, out)
    log(soak_report.console_summary(result))
    return result


def main() -> int:
    duration = settings.seconds("SOAK_DURATION", 120)
    clients = settings.number("SOAK_CLIENTS", 2, int)
    out = Path(os.environ.get("SOAK_OUT", ROOT / "benchmarks" / "results" / "soak"))
    print(f"soak: {duration:g} s, {clients} client threads per protocol, results in {out}")
    result = run_soak(duration, clients, out, log=functools.partial(print, flush=True))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""``make bench``: every scenario under Locust against real servers, then the report.

For each service: start it pinned to core 0, then for each of its scenarios run
``benchmarks/driver.py`` (Locust as a library) pinned to core 1, and last an
independent client (``benchmarks/ceilings.py``: wrk or asyncio) for the throughput
ceiling. Settings (environment):
  BENCH_DURATION  seconds per measured phase (default 1.5; "5s", "1m" also do)
  BENCH_REPEATS   repeats of each scenario's throughput and latency runs (3; the batch
                  scenarios at most 2: the studies time that route with wrk)
  BENCH_STEPS     users per throughput step ("1,4,16")
  BENCH_RATE      request rate of the latency runs, at most (300 req/s)
  BENCH_WARMUP    seconds before a service's first scenario (2)
  BENCH_ONLY      run only scenarios whose key contains this text (e.g. "predict");
                  the studies (benchmarks/studies.py) run with all of them, or alone: "studies"
Output: benchmarks/results/<timestamp>/ (copied to results/latest/) and benchmarks/REPORT.md;
results/reference/, which notebook 11 reads, changes only with `make bench-reference`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from itertools import groupby
from pathlib import Path

from benchmarks import charts, inprocess, report, report_md
from benchmarks import settings as env
from benchmarks.ceilings import CLIENT_CPUS, SERVER_CPUS
from benchmarks.scenarios import SCENARIOS, Scenario
from benchmarks.studies import run as run_studies
from services.common.launch import ROOT, launch

RESULTS = ROOT / "benchmarks" / "results"


def settings() -> dict:
    return {
        "seconds": env.seconds("BENCH_DURATION", 1.5),
        "repeats": env.number("BENCH_REPEATS", 3, int),
        "steps": env.steps("BENCH_STEPS", "1,4,16"),
        "max_rate": env.number("BENCH_RATE", 300),
        "warmup": env.seconds("BENCH_WARMUP", 2),
        "only": os.environ.get("BENCH_ONLY", ""),
    }


def repeats(scenario: Scenario, config: dict) -> int:
    """BENCH_REPEATS, or fewer where the scenario caps them (the batch route's)."""
    return min(config["repeats"], scenario.repeats or config["repeats"])


def drive(scenario: Scenario, service, out: Path, config: dict, warmup: float) -> list[dict]:
    """Run the driver for one scenario on the client core; its phases as dicts."""
    command = [
        sys.executable, "-m", "benchmarks.driver", scenario.user_class,
        scenario.host.format(address=service.address),
        "--server-pid", str(service.process.pid), "--out", str(out / scenario.key),
        "--steps", scenario.steps or config["steps"], "--seconds", str(config["seconds"]),
        "--warmup", str(warmup), "--repeats", str(repeats(scenario, config)),
        "--max-rate", str(config["max_rate"]),
    ]  # fmt: skip
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        env={**os.environ, **dict(scenario.user_env), "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: os.sched_setaffinity(0, CLIENT_CPUS),  # noqa: PLW1509
    )
    return json.loads((out / f"{scenario.key}.json").read_text())


def measure_ceiling(scenario: Scenario, service, config: dict) -> dict | None:
    """The same route under an independent, faster client (None where there is none)."""
    if not scenario.ceiling:
        return None
    from benchmarks.ceilings import ceiling

    url = scenario.host.format(address=service.address)
    return ceiling(
        scenario.ceiling,
        url,
        seconds=config["seconds"] * 2,
        connections=16,
        cpus=CLIENT_CPUS,
        server_pid=service.process.pid,
    )


def run_service(scenarios: list[Scenario], out: Path, config: dict, progress) -> list[dict]:
    first = scenarios[0]
    rows = []
    with launch(
        first.service, cpus=SERVER_CPUS, env=dict(first.env), ready_path=first.ready_path
    ) as service:
        for n, scenario in enumerate(scenarios):
            progress(scenario)
            warmup = config["warmup"] if n == 0 else min(config["warmup"], 0.5)
            phases = drive(scenario, service, out, config, warmup)
            ceiling = measure_ceiling(scenario, service, config)
            rows.append(report.scenario_row(scenario, phases, ceiling))
    return rows


def publish(out: Path, run: dict, results: Path = RESULTS) -> Path:
    """Replace ``results/latest`` with the run in ``out``; ``results/reference`` (what
    notebook 11 reads) changes only with `make bench-reference`."""
    latest = results / "latest"
    shutil.rmtree(latest, ignore_errors=True)
    shutil.copytree(out, latest)
    (latest / "run.json").write_text(json.dumps(run, indent=1))
    return latest


def main() -> None:
    config = settings()
    chosen = [s for s in SCENARIOS if config["only"] in s.key]
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    started = time.monotonic()
    print(f"{len(chosen)} scenarios, {config}", flush=True)
    print("in-process predict timings ...", flush=True)
    predict = inprocess.measure()
    report.write_csv(out / "inprocess.csv", predict)

    done = iter(range(1, len(chosen) + 1))

    def progress(scenario: Scenario) -> None:
        elapsed = time.monotonic() - started
        print(f"[{next(done)}/{len(chosen)}] {scenario.label} ({elapsed:.0f} s so far)", flush=True)

    rows = []
    for _, group in groupby(chosen, key=lambda s: (s.service, s.env)):
        rows += run_service(list(group), out, config, progress)
    print("studies: REST ratio, formats by wrk, is gRPC faster, server ceilings ...", flush=True)
    studies = run_studies(out, config) if config["only"] in ("", "studies") else None
    report.write_csv(out / "summary.csv", rows)
    charts.draw_all(rows, out, studies)
    run = {"config": config, "elapsed_s": time.monotonic() - started}
    run["finished"] = time.strftime("%Y-%m-%d %H:%M")
    publish(out, run)
    (ROOT / "benchmarks" / "REPORT.md").write_text(
        report_md.report_markdown(
            rows, predict, config, run["elapsed_s"], run["finished"], studies=studies
        )
    )
    report.print_summary(rows)
    print(f"\nresults: {out.relative_to(ROOT)} (copied to results/latest), benchmarks/REPORT.md")


if __name__ == "__main__":
    main()

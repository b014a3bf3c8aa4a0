"""``make bench-distributed``: more load than one Locust process can make.

Locust's distributed mode runs one master and N worker processes (``--processes``), each
on its own core. Use it on a machine with cores to spare: on a 2-core machine the
workers would share the server's core and measure each other. Settings: BENCH_PROCESSES
(default 2), BENCH_USERS (32), BENCH_DURATION seconds (20), BENCH_SERVICE (fastapi_rest).
"""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks import settings as settings_env
from services.common.launch import ROOT, launch


def main() -> int:
    env = os.environ.get
    service_name = env("BENCH_SERVICE", "fastapi_rest")
    users = str(settings_env.number("BENCH_USERS", 32, int))
    processes = str(settings_env.number("BENCH_PROCESSES", 2, int))
    run_time = f"{max(1, round(settings_env.seconds('BENCH_DURATION', 20)))}s"  # whole seconds
    with launch(service_name) as service:
        command = [
            sys.executable, "-m", "locust", "-f", "benchmarks/locustfile.py", "--headless",
            "--processes", processes, "-u", users, "-r", users,
            "-t", run_time, "--host", service.url, "--only-summary",
            "RestCreatePrediction",
        ]  # fmt: skip
        print(" ".join(command[1:]), flush=True)
        return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

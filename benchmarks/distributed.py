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

from services.common.launch import ROOT, launch


def main() -> int:
    env = os.environ.get
    service_name, users = env("BENCH_SERVICE", "fastapi_rest"), env("BENCH_USERS", "32")
    with launch(service_name) as service:
        command = [
            sys.executable, "-m", "locust", "-f", "benchmarks/locustfile.py", "--headless",
            "--processes", env("BENCH_PROCESSES", "2"), "-u", users, "-r", users,
            "-t", f"{env('BENCH_DURATION', '20')}s", "--host", service.url, "--only-summary",
            "RestCreatePrediction",
        ]  # fmt: skip
        print(" ".join(command[1:]), flush=True)
        return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

"""The service under hypercorn answers over HTTP/2 (h2c) and HTTP/1.1, as the study needs."""

import shutil
import subprocess

import pytest
import requests

from benchmarks.ceilings import ceiling
from services.common.launch import launch

needs_h2load = pytest.mark.skipif(not shutil.which("h2load"), reason="make wrk installs h2load")


@needs_h2load
def test_h2load_speaks_http2_to_it_and_the_protobuf_batch_succeeds():
    with launch("benchmarks.http2_rest") as service:
        probe = subprocess.run(
            ["h2load", "-n", "4", "-c", "1", f"{service.url}/healthz"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        over_h2 = ceiling("batch_protobuf_1_h2", service.url, seconds=1, connections=2)
        over_h1 = requests.get(f"{service.url}/healthz", timeout=10)
    assert "Application protocol: h2c" in probe.stdout
    assert "4 succeeded" in probe.stdout
    assert over_h2["tool"] == "h2load" and over_h2["requests"] > 0 and over_h2["errors"] == 0
    assert over_h1.status_code == 200 and over_h1.raw.version == 11  # HTTP/1.1 on one port

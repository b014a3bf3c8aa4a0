"""The batch route timed by wrk against its floors: real servers, real bodies, no errors."""

import shutil
import urllib.request

import pytest

from benchmarks import format_floor, format_routes
from services.common.launch import launch

needs_wrk = pytest.mark.skipif(not shutil.which("wrk"), reason="make test installs wrk")


def test_the_http_echo_reads_the_whole_body_and_answers_the_bytes_asked_for():
    with launch("benchmarks.http_echo") as echo:
        body = b"\x00" * 300_000  # several reads and flow-control pauses on the server
        request = urllib.request.Request(f"{echo.url}/?answer_bytes=1234", body, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200 and len(response.read()) == 1234


@needs_wrk
def test_every_format_is_timed_without_errors_and_its_ratios_follow_from_the_times():
    rows = format_routes.measure(seconds=1, sizes=(1,), progress=lambda _: None)
    assert [r["format"] for r in rows] == list(format_floor.DECODERS)
    for r in rows:
        assert r["route_errors"] == 0 and r["route_requests"] > 10, r
        assert r["response_bytes"] > 0 and r["floor_ms"] > 0
        assert r["route_over_floor"] == pytest.approx(r["route_p50_ms"] / r["floor_ms"])
        both = r["route_p50_ms"] / (r["floor_ms"] + r["transfer_p50_ms"])
        assert r["route_over_floor_and_transfer"] == pytest.approx(both)
        # the route reads the same bytes as the echo, then decodes, predicts and answers
        assert r["route_p50_ms"] > r["transfer_p50_ms"], r

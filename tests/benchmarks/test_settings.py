"""Benchmark settings: Locust's duration spelling works, and a bad value is one clear line."""

import os
import subprocess
import sys

import pytest

from benchmarks import run, soak
from services.common.launch import ROOT


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("1.5", 1.5), ("5s", 5.0), ("1.5s", 1.5), ("2m", 120.0), ("1m30s", 90.0), ("1h", 3600.0)],
)
def test_durations_in_seconds_or_locusts_spelling(monkeypatch, value, seconds):
    monkeypatch.setenv("BENCH_DURATION", value)
    assert run.settings()["seconds"] == seconds


def test_defaults_apply_when_nothing_is_set(monkeypatch):
    for name in ("BENCH_DURATION", "BENCH_REPEATS", "BENCH_STEPS", "BENCH_RATE", "BENCH_WARMUP"):
        monkeypatch.delenv(name, raising=False)
    config = run.settings()
    assert (config["seconds"], config["repeats"], config["steps"]) == (1.5, 3, "1,4,16")
    assert (config["max_rate"], config["warmup"]) == (300, 2)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("BENCH_DURATION", "5x", "a duration above 0, e.g. 1.5, 5s, 2m or 1m30s"),
        ("BENCH_DURATION", "0", "a duration above 0"),
        ("BENCH_REPEATS", "2.5", "a whole number above 0"),
        ("BENCH_RATE", "fast", "a number above 0"),
        ("BENCH_STEPS", "1,four", "whole numbers above 0, comma-separated"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_is_expected(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        run.settings()
    assert str(stopped.value).startswith(f"{name}={value!r}: expected {expected}")


def test_make_bench_with_a_bad_duration_stops_with_one_line_not_a_traceback():
    env = {**os.environ, "BENCH_DURATION": "5 seconds", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    expected = "BENCH_DURATION='5 seconds': expected a duration above 0, e.g. 1.5, 5s, 2m or 1m30s"
    assert (result.returncode, result.stderr, result.stdout) == (1, expected + "\n", "")


def test_soak_stops_at_a_bad_duration_before_starting_anything(monkeypatch):
    monkeypatch.setenv("SOAK_DURATION", "two minutes")
    with pytest.raises(SystemExit, match="^SOAK_DURATION='two minutes': expected a duration"):
        soak.main()


def test_batch_scenarios_repeat_at_most_twice_and_the_others_as_configured():
    from benchmarks.run import repeats
    from benchmarks.scenarios import SCENARIOS

    config = {"repeats": 3}
    counts = {s.group: set() for s in SCENARIOS}
    for scenario in SCENARIOS:
        counts[scenario.group].add(repeats(scenario, config))
    assert counts.pop("format") == {2}
    assert set().union(*counts.values()) == {3}
    assert {repeats(s, {"repeats": 1}) for s in SCENARIOS} == {1}  # a smaller setting wins

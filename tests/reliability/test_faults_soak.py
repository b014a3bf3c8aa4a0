"""The soak, for a few seconds: its accounting adds up, and it would notice a loss."""

import csv

from benchmarks.soak import PROTOCOLS, Tally, run_soak
from benchmarks.soak_report import summarise


def test_a_short_soak_fails_nothing_and_finds_every_acknowledged_prediction(tmp_path):
    lines = []
    result = run_soak(duration=5, clients=1, out=tmp_path, log=lines.append)
    by_protocol = {p["protocol"]: p for p in result["protocols"]}
    assert set(by_protocol) == {label for label, _, _ in PROTOCOLS}
    for row in by_protocol.values():
        assert row["requests"] > 0 and row["failed"] == 0, row
    rest = [row for row in by_protocol.values() if "stored" in row]
    assert len(rest) == 2  # Flask and FastAPI
    for row in rest:
        assert row["acknowledged"] == row["stored"] == row["requests"] > 0, row
        assert row["lost"] == 0
    assert result["passed"]
    # RSS of every server: idle, under load and at the end
    samples = list(csv.DictReader((tmp_path / "rss.csv").open()))
    assert {s["service"] for s in samples} == {name for _, name, _ in PROTOCOLS}
    assert len(samples) >= 3 * len(PROTOCOLS) and all(float(s["rss_mb"]) > 10 for s in samples)
    assert (tmp_path / "rss.png").stat().st_size > 10_000
    assert "| REST Flask POST /predictions |" in (tmp_path / "SOAK.md").read_text()
    assert any(line.startswith("PASSED") for line in lines)


def test_the_accounting_fails_a_run_that_lost_a_prediction():
    tally = Tally("REST Flask POST /predictions", "flask_rest", ok=3, acknowledged=["a", "b", "c"])
    samples = [{"seconds": t, "service": "flask_rest", "rss_mb": 100.0} for t in (0, 2, 4)]
    kept_all = summarise([tally], {tally.label: {"a", "b", "c"}}, samples, 4.0, 1)
    lost_one = summarise([tally], {tally.label: {"a", "c"}}, samples, 4.0, 1)
    assert kept_all["passed"] and kept_all["protocols"][0]["lost"] == 0
    assert not lost_one["passed"] and lost_one["protocols"][0]["lost"] == 1

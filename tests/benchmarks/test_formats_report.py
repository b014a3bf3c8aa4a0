"""The formats measurement runs end to end on a small size and writes its report."""

from benchmarks import formats


def test_measure_and_write_a_small_run(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "SIZES", (1, 20))
    monkeypatch.setattr(formats, "OUT", tmp_path / "formats")
    timed = formats.median_ms  # every encode and decode really runs (3 times: no budget)
    monkeypatch.setattr(formats, "median_ms", lambda function: timed(function, budget_s=0))
    results = formats.measure()
    assert len(results) == 2 * 2 * 7  # models x sizes x formats
    assert all(r["encode_ms"] > 0 and r["decode_ms"] > 0 for r in results)
    protobuf = next(
        r
        for r in results
        if r["format"] == "Protobuf" and r["rows"] == 20 and r["model_id"] == "iris"
    )
    assert protobuf["bytes"] >= 20 * 4 * 4 and protobuf["ratio_to_float32"] < 1.1
    monkeypatch.setattr(formats, "__file__", str(tmp_path / "formats.py"))  # FORMATS.md here
    formats.write(results)
    assert (tmp_path / "formats" / "bytes.png").stat().st_size > 1000
    assert "| iris | 20 | Protobuf |" in (tmp_path / "FORMATS.md").read_text()

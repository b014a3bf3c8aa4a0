"""Every codec: decode(encode(x)) == x for float32 batches, and bad bytes are a 400, not a crash."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from services.domain import BatchResult
from services.domain.errors import InvalidInput, MalformedPayload
from services.wire.formats import CODECS

NAMES = ["a", "b", "c", "d", "e", "f"]
EDGE = [0.0, -0.0, 1e-45, -1e-45, 3.4028235e38, -3.4028235e38, 1.1754944e-38]
floats32 = st.floats(width=32, allow_nan=False, allow_infinity=False) | st.sampled_from(EDGE)
matrices = st.integers(1, 6).flatmap(
    lambda n: arrays(np.float32, st.tuples(st.integers(0, 12), st.just(n)), elements=floats32)
)


@pytest.mark.parametrize("media_type", list(CODECS))
@settings(max_examples=40, deadline=None)
@given(rows=matrices)
def test_rows_round_trip_exactly(media_type, rows):
    codec = CODECS[media_type]
    names = NAMES[: rows.shape[1]]
    decoded = np.asarray(codec.decode_rows(codec.encode_rows(rows, names), names), dtype=np.float32)
    assert decoded.reshape(-1, rows.shape[1]).tobytes() == rows.tobytes()


@pytest.mark.parametrize("media_type", list(CODECS))
@settings(max_examples=25, deadline=None)
@given(
    scores=st.lists(st.floats(0, 1, width=32), max_size=10), label=st.sampled_from(["x", 'é,"q'])
)
def test_results_round_trip(media_type, scores, label):
    codec = CODECS[media_type]
    result = BatchResult("iris", [label] * len(scores), scores)
    decoded = codec.decode_result(codec.encode_result(result))
    assert decoded.labels == result.labels
    assert np.array_equal(np.float32(decoded.scores), np.float32(result.scores))


ROWS = np.array([[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]], dtype=np.float32)
IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]


@pytest.mark.parametrize("media_type", list(CODECS))
def test_truncated_and_garbage_bytes_are_malformed(media_type):
    codec = CODECS[media_type]
    good = codec.encode_rows(ROWS, IRIS)
    bad_inputs = [good[: len(good) // 2], b"\x00\xffgarbage\x13" * 3]
    if media_type != "application/x-protobuf":  # zero bytes are a valid, empty protobuf batch
        bad_inputs.append(b"")
    for bad in bad_inputs:
        with pytest.raises((MalformedPayload, InvalidInput)):
            codec.decode_rows(bad, IRIS)


@pytest.mark.parametrize(
    "media_type", ["text/csv", "application/vnd.apache.parquet", "application/avro"]
)
def test_columns_are_matched_by_name_and_wrong_names_are_named(media_type):
    codec = CODECS[media_type]
    shuffled = codec.encode_rows(ROWS[:, ::-1], IRIS[::-1])
    decoded = np.asarray(codec.decode_rows(shuffled, IRIS), dtype=np.float32)  # float32 policy
    assert np.array_equal(decoded, ROWS)
    wrong = codec.encode_rows(ROWS, ["sepal_length_cm", "x", "petal_length_cm", "petal_width_cm"])
    with pytest.raises(InvalidInput) as caught:
        codec.decode_rows(wrong, IRIS)
    assert [v.message for v in caught.value.violations] == [
        "missing column 'sepal_width_cm'",
        "unknown column 'x'",
    ]


def test_a_parquet_column_of_strings_is_malformed():
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.table({name: ["x", "y"] for name in IRIS}), sink)
    with pytest.raises(MalformedPayload):
        CODECS["application/vnd.apache.parquet"].decode_rows(sink.getvalue(), IRIS)


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.text(max_size=8), min_size=1, max_size=6),
    score=st.floats(allow_nan=False, allow_infinity=False),
)
def test_the_csv_answer_is_byte_for_byte_what_csv_writer_writes(labels, score):
    """The quick writer for plain labels and csv.writer for labels that need quoting agree."""
    import csv
    import io

    result = BatchResult("m", labels, [score] * len(labels))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["label", "score"])
    writer.writerows(zip(labels, result.scores, strict=True))
    assert CODECS["text/csv"].encode_result(result) == out.getvalue().encode()

"""The benchmark's rows: like the dataset's, reproducible, and not the dataset repeated."""

import numpy as np

from benchmarks.payloads import batch_body, dataset_rows, fresh_rows
from services.domain.models import load_models
from services.wire.formats import CODECS


def test_fresh_rows_are_reproducible_float32_of_the_right_shape():
    rows = fresh_rows("breast-cancer", 1000)
    assert rows.shape == (1000, 30) and rows.dtype == np.float32
    assert np.array_equal(rows, fresh_rows("breast-cancer", 1000))
    assert not np.array_equal(rows, fresh_rows("breast-cancer", 1000, seed=1))


def test_each_fresh_row_is_within_one_percent_of_a_dataset_row():
    dataset = np.array(dataset_rows("iris"), dtype=np.float32)
    rows = fresh_rows("iris", 500)
    # iris records one decimal: rounding may add up to 0.05 on top of the 1 %
    distance = np.abs(rows[:, None, :] - dataset[None, :, :]) - 0.01 * dataset - 0.05
    assert (distance.max(axis=2) <= 1e-6).any(axis=1).all()
    assert np.array_equal(rows, rows.round(1))  # the dataset's precision, no new digits


def test_ten_thousand_fresh_rows_are_mostly_distinct():
    rows = fresh_rows("breast-cancer", 10_000)
    assert len(np.unique(rows, axis=0)) == 10_000  # the dataset has 569 rows
    assert len(np.unique(rows[:, 0])) > 1000  # column values repeat, but not 569 of them


def test_every_format_carries_the_same_rows():
    names = load_models()["breast-cancer"].feature_names
    for codec in CODECS.values():
        body, media_type = batch_body(codec.name, 3)
        assert media_type == codec.media_type
        decoded = np.asarray(codec.decode_rows(body, names), dtype=np.float32)
        assert np.array_equal(decoded, fresh_rows("breast-cancer", 3)), codec.name

"""Validation names the problem: which field, what was expected."""

import math

import numpy as np
import pytest

from services.domain.errors import InvalidFeatures
from services.domain.models import load_models
from services.domain.validation import feature_matrix, feature_row

IRIS = load_models()["iris"]


def violations(call):
    with pytest.raises(InvalidFeatures) as caught:
        call()
    return [(v.field, v.message) for v in caught.value.violations]


def test_a_valid_row_becomes_float32_rounded_float64():
    row = feature_row(IRIS, [5.1, 3.5, 1, 0.2])
    assert row.shape == (1, 4) and row.dtype == np.float64
    assert row[0, 0] == float(np.float32(5.1))


def test_wrong_count_lists_the_expected_features():
    assert violations(lambda: feature_row(IRIS, [1.0, 2.0])) == [
        (
            "features",
            "expected 4 features (sepal_length_cm, sepal_width_cm, petal_length_cm,"
            " petal_width_cm), got 2",
        )
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "expected a number, got 'abc'"),
        (None, "expected a number, got None"),
        (True, "expected a number, got True"),
        ([1], "expected a number, got [1]"),
        (math.nan, "expected a finite number, got nan"),
        (-math.inf, "expected a finite number, got -inf"),
        (1e39, "1e+39 is out of the float32 range"),
    ],
)
def test_each_bad_value_is_named_by_its_index(value, message):
    assert violations(lambda: feature_row(IRIS, [1.0, value, 2.0, 3.0])) == [
        ("features[1]", message)
    ]


def test_features_must_be_a_list():
    assert violations(lambda: feature_row(IRIS, "1,2,3,4")) == [
        ("features", "expected a list, got '1,2,3,4'")
    ]


def test_batch_violations_name_row_and_column():
    assert violations(lambda: feature_matrix(IRIS, [[1, 2, 3, 4], [1, 2, "x", 4]])) == [
        ("rows[1][2]", "expected a number, got 'x'")
    ]


def test_batch_arrays_from_binary_formats_are_checked_for_non_finite_values():
    rows = np.ones((3, 4), dtype=np.float32)
    rows[2, 3] = np.nan
    assert violations(lambda: feature_matrix(IRIS, rows)) == [
        ("rows[2][3]", "expected a finite number, got nan")
    ]


def test_batch_arrays_must_have_one_column_per_feature():
    (field, message), *_ = violations(lambda: feature_matrix(IRIS, np.ones((2, 5))))
    assert field == "rows" and message.endswith("got 5")


def test_batch_size_is_limited():
    assert violations(lambda: feature_matrix(IRIS, [[1, 2, 3, 4]] * 3, max_rows=2)) == [
        ("rows", "at most 2 rows, got 3")
    ]


def test_batch_arrays_beyond_float32_are_named_as_such():
    rows = np.ones((1, 4))
    rows[0, 0] = 1e300
    assert violations(lambda: feature_matrix(IRIS, rows)) == [
        ("rows[0][0]", "1e+300 is out of the float32 range")
    ]

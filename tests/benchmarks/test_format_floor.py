"""A format's floor decodes the very matrix the route decodes: it times the same work."""

import numpy as np
import pytest

from benchmarks import format_floor
from benchmarks.payloads import batch_body
from services.domain.models import load_models
from services.wire.formats import CODECS


@pytest.mark.parametrize("name", list(format_floor.DECODERS))
def test_the_floor_reads_the_rows_the_route_reads(name):
    body, media_type = batch_body(name, 50)
    model = load_models()[format_floor.MODEL]
    route = np.asarray(CODECS[media_type].decode_rows(body, model.feature_names), np.float32)
    floor = format_floor.DECODERS[name](body).reshape(-1, model.n_features)
    assert floor.dtype == np.float32 and floor.shape == (50, model.n_features)
    np.testing.assert_array_equal(floor, route)


def test_every_format_of_the_benchmark_has_a_floor():
    assert {codec.name for codec in CODECS.values()} == set(format_floor.DECODERS)

"""API keys: parsed from APILAB_API_KEYS, checked in constant time, off when empty."""

import pytest

from services.common.api_keys import is_valid, require
from services.common.settings import ServiceSettings
from services.wire.errors import Unauthenticated


def test_keys_come_comma_separated_from_the_environment(monkeypatch):
    monkeypatch.setenv("APILAB_API_KEYS", " alpha, beta ,")
    assert ServiceSettings().api_keys == ["alpha", "beta"]
    monkeypatch.delenv("APILAB_API_KEYS")
    assert ServiceSettings().api_keys == []


def test_only_listed_keys_are_valid():
    assert is_valid("beta", ["alpha", "beta"])
    assert not is_valid("bet", ["alpha", "beta"])
    assert not is_valid(None, ["alpha"])
    assert not is_valid("", [""])


def test_require_is_open_without_keys_and_names_the_header_otherwise():
    require(None, [])
    with pytest.raises(Unauthenticated, match="API key missing: send it in the X-API-Key header"):
        require(None, ["alpha"])
    with pytest.raises(Unauthenticated, match="API key not valid"):
        require("nope", ["alpha"])

"""A real gateway in front of a real FastAPI REST service, and OpenAI SDK clients for it."""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from gateway_wire import ADMIN, KEYS

from services.common.launch import launch


@pytest.fixture(scope="session")
def rest():
    with launch("fastapi_rest") as running:
        yield running


@pytest.fixture(scope="session")
def gateway(rest):
    env = {"APILAB_GATEWAY_KEYS": json.dumps(KEYS), "APILAB_GATEWAY_REST_URL": rest.url}
    with launch("gateway", env=env) as running:
        yield running


@pytest.fixture
def client(gateway) -> openai.OpenAI:
    """The official SDK; only base_url and api_key differ from talking to OpenAI."""
    return openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=ADMIN, max_retries=0)


@pytest.fixture
def http(gateway):
    """Raw HTTP, to see status lines, headers and bodies exactly as sent."""
    with httpx.Client(base_url=gateway.url, timeout=30) as session:  # a busy machine is slow
        yield session

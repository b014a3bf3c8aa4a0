"""One source for default ports: services/common/ports.py, and everything else agrees.

The settings read it; the Dockerfile's health check and command take the port the
service itself takes; compose.yaml publishes it (tests/containers/test_compose.py); the
README, docs and the Makefile's help name it on every line that names a service.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.common.ports import PORTS
from services.fastapi_rest.settings import FastAPISettings
from services.flask_rest.settings import FlaskSettings
from services.gateway.settings import GatewaySettings
from services.grpc_service.settings import GrpcSettings
from services.sse_service.settings import SSESettings
from services.websocket_service.settings import WebSocketSettings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "flask_rest": FlaskSettings,
    "fastapi_rest": FastAPISettings,
    "grpc_service": GrpcSettings,
    "websocket_service": WebSocketSettings,
    "sse_service": SSESettings,
    "gateway": GatewaySettings,
}
DOCUMENTS = [
    "README.md",
    "docs/architecture.md",
    "docs/deploy.md",
    "Makefile",
    "Dockerfile",
    *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("mk/*.mk")),
    *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("services/*/README.md")),
]
NAME = re.compile(r"\b(" + "|".join(PORTS) + r")\b")
PORT = re.compile(r"(?::|--port |\| )(\d{4,5})\b")


@pytest.mark.parametrize("name", PORTS)
def test_settings_default_to_the_port(name, monkeypatch):
    monkeypatch.delenv("APILAB_PORT", raising=False)
    assert SETTINGS[name]().port == PORTS[name]


def test_ports_are_distinct():
    assert len(set(PORTS.values())) == len(PORTS)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_line_naming_one_service_names_its_port(document):
    wrong = []
    for number, line in enumerate((ROOT / document).read_text().splitlines(), 1):
        names = set(NAME.findall(line))
        ports = {int(p) for p in PORT.findall(line)} & set(PORTS.values())
        if len(names) == 1 and ports and ports != {PORTS[names.pop()]}:
            wrong.append(f"{document}:{number}: {line.strip()}")
    assert not wrong, "\n".join(wrong)


def test_the_architecture_page_lists_every_port():
    section = (ROOT / "docs/architecture.md").read_text().split("## Ports\n")[1]
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \|", section.split("\n## ")[0], re.MULTILINE)
    assert {name: int(port) for name, port in rows} == PORTS


def test_the_readme_serves_each_service_on_its_port():
    readme = (ROOT / "README.md").read_text()
    for name, port in PORTS.items():
        (line,) = [line for line in readme.splitlines() if f"make serve-{name}`" in line]
        assert f"127.0.0.1:{port}" in line, line

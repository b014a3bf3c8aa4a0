"""The notebooks' Mermaid diagrams, as a student meets them: Jupyter Lab in headless
Chromium draws every ```mermaid block of a notebook as an SVG, none as an error."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
WITH_DIAGRAMS = [
    path
    for path in sorted((ROOT / "solutions").glob("*.ipynb"))
    if "```mermaid" in path.read_text()
]


# Every cell in the page (no windowing), no news or update pop-up over the notebook
SETTINGS = {
    "notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter_lab(tmp_path_factory):
    """Jupyter Lab on a free loopback port, its config and runtime files in a temporary home."""
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1"]
    command += [f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    command.append(f"--notebook-dir={ROOT}")
    if os.geteuid() == 0:
        command.append("--allow-root")
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab"
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config")}
    env |= {"JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data")}
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    deadline = time.monotonic() + 60
    while not answers():  # polls a condition: the port accepts a connection
        assert server.poll() is None and time.monotonic() < deadline, "Jupyter Lab did not start"
        time.sleep(0.2)
    yield base, token
    server.terminate()
    server.wait(timeout=20)


def _blocks(path: Path) -> int:
    cells = nbformat.read(path, as_version=4).cells
    return sum(len(re.findall(r"^```mermaid$", c.source, re.M)) for c in cells)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("notebook", WITH_DIAGRAMS, ids=lambda path: path.stem)
def test_every_mermaid_block_renders_as_an_svg(browser, jupyter_lab, notebook, tmp_path):
    base, token = jupyter_lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/lab/tree/solutions/{notebook.name}?token={token}&reset")
    diagrams = page.locator(".jp-MarkdownCell .jp-RenderedMermaid")
    expect(diagrams).to_have_count(_blocks(notebook), timeout=90_000)
    for k in range(_blocks(notebook)):
        diagram = diagrams.nth(k)
        diagram.evaluate("element => element.scrollIntoView()")  # drawn when it comes into view
        # JupyterLab draws a diagram as an <img> whose source is the SVG Mermaid made
        image = diagram.locator('figure img[src^="data:image/svg+xml"]')
        expect(image).to_be_visible(timeout=30_000)
        source = unquote(image.get_attribute("src"))
        assert "Syntax error" not in source and "<svg" in source, (notebook.name, k)
        box = image.bounding_box()
        assert box["width"] > 100 and box["height"] > 50, (notebook.name, k, box)
    expect(page.locator(".jp-RenderedMermaid.jp-mod-warning")).to_have_count(0)  # parse errors
    diagrams.first.evaluate("element => element.scrollIntoView()")
    page.screenshot(path=str(tmp_path / f"{notebook.stem}.png"))
    page.close()

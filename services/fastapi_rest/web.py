"""The browser demo page (services/web), served as static files at /demo/."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

PAGE = Path(__file__).resolve().parents[1] / "web"


def mount_demo(app: FastAPI) -> None:
    app.mount("/demo", StaticFiles(directory=PAGE, html=True), name="demo")

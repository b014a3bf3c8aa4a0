"""Liveness, readiness and the Prometheus scrape endpoint (all open: no API key)."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Status(BaseModel):
    status: str
    models: int | None = None


@router.get("/healthz", response_model=Status, response_model_exclude_none=True)
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.head("/readyz", include_in_schema=False)  # HEAD for probes, one operation
@router.get("/readyz", response_model=Status, responses={503: {"model": Status}})
def readyz(request: Request):
    """Backends registered and not draining."""
    if not request.app.state.ready:
        return JSONResponse({"status": "not ready"}, status_code=503)
    return {"status": "ready", "models": len(request.app.state.backends) + 1}


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> Response:
    """Requests, tokens, latency and cache lookups, in Prometheus' text format."""
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

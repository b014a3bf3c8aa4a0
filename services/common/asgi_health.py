"""Liveness and readiness of the ASGI services (REST over FastAPI, SSE)."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready or shutting down"}})
def readyz(request: Request):
    """Models loaded and not draining."""
    if not request.app.state.ready:
        return JSONResponse({"status": "not ready"}, status_code=503)
    return {"status": "ready", "models": len(request.app.state.service.models)}

"""Liveness and readiness."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


RETRY_AFTER = {"description": "Seconds until it expects to be ready", "schema": {"type": "string"}}


@router.get(
    "/readyz",
    responses={
        503: {"description": "Warming up or shutting down", "headers": {"Retry-After": RETRY_AFTER}}
    },
)
def readyz(request: Request):
    """Models warmed up and not draining; else 503 and when to ask again (Retry-After)."""
    warmup = request.app.state.warmup
    if not warmup.ready:
        headers = {"Retry-After": warmup.retry_after()}
        return JSONResponse({"status": "warming up"}, status_code=503, headers=headers)
    if not request.app.state.ready:  # before the lifespan start-up ran, or after it stopped
        return JSONResponse({"status": "not ready"}, status_code=503, headers={"Retry-After": "1"})
    return {"status": "ready", "models": len(request.app.state.service.models)}

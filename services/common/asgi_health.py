"""Liveness and readiness of the ASGI services (REST over FastAPI, SSE)."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
@router.head("/healthz", include_in_schema=False)  # HEAD for probes, one operation
async def healthz() -> dict:
    """The process is up (no I/O: on the event loop, not the threadpool)."""
    return {"status": "ok"}


RETRY_AFTER = {"description": "Seconds until it expects to be ready", "schema": {"type": "string"}}


@router.head("/readyz", include_in_schema=False)
@router.get(
    "/readyz",
    responses={
        503: {
            "description": "Warming up, shutting down, or the store cannot commit",
            "headers": {"Retry-After": RETRY_AFTER},
        }
    },
)
def readyz(request: Request):
    """Models warmed up, not draining, and the store can commit a row; else 503 + Retry-After."""
    warmup = getattr(request.app.state, "warmup", None)  # the SSE service has no warm-up
    if warmup is not None and not warmup.ready:
        headers = {"Retry-After": warmup.retry_after()}
        return JSONResponse({"status": "warming up"}, status_code=503, headers=headers)
    if not request.app.state.ready:  # before the lifespan start-up ran, or after it stopped
        return JSONResponse({"status": "not ready"}, status_code=503, headers={"Retry-After": "1"})
    writes = getattr(request.app.state, "stores_predictions", False)  # not the SSE service
    if writes and not request.app.state.service.store.writable():
        headers = {"Retry-After": "5"}
        return JSONResponse({"status": "storage unavailable"}, status_code=503, headers=headers)
    return {"status": "ready", "models": len(request.app.state.service.models)}

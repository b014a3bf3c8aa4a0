"""Liveness and readiness."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.api_route("/healthz", methods=["GET", "HEAD"])
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.api_route(
    "/readyz", methods=["GET", "HEAD"], responses={503: {"description": "Not ready or draining"}}
)
def readyz(request: Request):
    """Models loaded, not draining, and the store can commit a row (a sync def: a thread)."""
    if not request.app.state.ready:
        return JSONResponse({"status": "not ready"}, status_code=503)
    writes = getattr(request.app.state, "stores_predictions", False)  # not the SSE service
    if writes and not request.app.state.service.store.writable():
        return JSONResponse({"status": "storage unavailable"}, status_code=503)
    return {"status": "ready", "models": len(request.app.state.service.models)}

"""GET /spend: what the calling key has spent, in tokens and dollars, against its limits.

A key reads only its own figures (an operator reads everyone's on /metrics:
``gateway_spend_usd_total{key, model}``). Prices are per model and per million tokens,
input and output apart (``APILAB_GATEWAY_PRICES``), as vendors publish them.
"""

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from .dependencies import CallerDep
from .responses import errors

router = APIRouter(tags=["cost"], responses=errors(401))


class Spend(BaseModel):
    key: str
    tokens_today: int
    tokens_per_day: int
    budget_period: str
    period: str
    spent_usd: float
    budget_usd: float | None
    resets_in_seconds: int


@router.get("/spend", response_model=Spend)
async def read_spend(request: Request, caller: CallerDep) -> dict:
    """This key's tokens today and dollars in its budget period."""
    return await run_in_threadpool(request.app.state.access.spend, caller)

"""POST /batch-predictions: many rows in one request, nothing stored."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.domain.schemas import BatchIn, BatchOut, BatchQuery

from .dependencies import JSONOnly, Service
from .responses import problems

router = APIRouter(tags=["batch"], responses=problems(400, 404, 406, 413, 415, 422))


@router.post("/batch-predictions", dependencies=[JSONOnly])
def batch_predictions(
    query: Annotated[BatchQuery, Query()], body: BatchIn, service: Service
) -> BatchOut:
    """Predict every row of the body for the model named in ``?model_id=``."""
    return service.predict_batch(query.model_id, body.rows).as_dict()

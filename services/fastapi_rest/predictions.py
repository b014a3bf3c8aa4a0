"""The /predictions resource: create (predict and store), read, page, feedback, delete."""

import asyncio
from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from services.common.dependencies import JSONOnly, Service
from services.wire.schemas import (
    FeedbackIn,
    FeedbackPatch,
    ListQuery,
    PredictionIn,
    PredictionOut,
    PredictionPage,
)

from .responses import problems

router = APIRouter(prefix="/predictions", tags=["predictions"], responses=problems(404, 422))
WRITE_ERRORS = problems(400, 413, 415)
JSON = "application/json"
ON_LOOP = 1000  # features validated on the event loop up to this many (models have 30)


@router.post(
    "",
    status_code=201,
    dependencies=[JSONOnly],
    responses=WRITE_ERRORS,
    response_model=PredictionOut,
)
async def create_prediction(body: PredictionIn, service: Service) -> Response:
    """Predict one row and store the result: 201 + Location."""
    if isinstance(body.features, list) and len(body.features) <= ON_LOOP:
        prediction = service.new_prediction(body.model_id, body.features)  # microseconds
    else:  # a long list takes long to explain: on a thread, not on the event loop
        prediction = await run_in_threadpool(service.new_prediction, body.model_id, body.features)
    await asyncio.wrap_future(service.writer.add(prediction))  # committed: then 201
    location = f"/predictions/{prediction['id']}"
    # the record is built by the domain in PredictionOut's shape: written as it is
    return Response(orjson.dumps(prediction), 201, {"Location": location}, JSON)


@router.get("")
def list_predictions(query: Annotated[ListQuery, Query()], service: Service) -> PredictionPage:
    """A page of stored predictions, oldest first; follow next_page_token for more."""
    page, token = service.list_predictions(query.model_id, query.page_size, query.page_token)
    return {"predictions": page, "next_page_token": token}


@router.get("/{prediction_id}")
def get_prediction(prediction_id: str, service: Service) -> PredictionOut:
    """One stored prediction."""
    return service.get_prediction(prediction_id)


@router.put("/{prediction_id}", dependencies=[JSONOnly], responses=WRITE_ERRORS)
def replace_feedback(prediction_id: str, body: FeedbackIn, service: Service) -> PredictionOut:
    """Replace the writable part of a prediction: its feedback (the true label)."""
    return service.set_feedback(prediction_id, body.feedback)


@router.patch("/{prediction_id}", dependencies=[JSONOnly], responses=WRITE_ERRORS)
def patch_feedback(prediction_id: str, body: FeedbackPatch, service: Service) -> PredictionOut:
    """Change only the fields sent; an empty object changes nothing."""
    if "feedback" not in body.model_fields_set:
        return service.get_prediction(prediction_id)
    return service.set_feedback(prediction_id, body.feedback)


@router.delete("/{prediction_id}", status_code=204)
def delete_prediction(prediction_id: str, service: Service) -> Response:
    """Forget a prediction: 204, no body."""
    service.delete_prediction(prediction_id)
    return Response(status_code=204)

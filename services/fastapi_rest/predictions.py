"""The /predictions resource: create (predict and store), read, page, feedback, delete."""

from collections.abc import Callable
from typing import Annotated

import orjson
from fastapi import APIRouter, Header, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from services.common.conditional import etag_of, update_if_match
from services.common.dependencies import JSONOnly, Service
from services.domain import PredictionService
from services.domain.idempotency import create_prediction_once
from services.wire.schemas import (
    FeedbackIn,
    FeedbackPatch,
    ListQuery,
    PredictionIn,
    PredictionOut,
    PredictionPage,
)

from .caching import IfNoneMatch, cacheable
from .responses import CACHEABLE, problems

router = APIRouter(prefix="/predictions", tags=["predictions"], responses=problems(404, 422))
WRITE_ERRORS = problems(400, 413, 415)
CONDITIONAL_ERRORS = {**WRITE_ERRORS, **problems(412, 428)}
IDEMPOTENCY = (
    "Retry-safe creation: the same key and body answer the first 201 again; the same key"
    " with another body is 422. Keys expire after 24 hours."
)
# create_prediction reads this header itself; the document lists it as FastAPI would
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Idempotency-Key"},
    "description": IDEMPOTENCY,
}
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag you read: a stale one gets 412 instead of a lost update "
        "(428 without it if the service requires conditional updates).",
    ),
]


JSON = "application/json"
ON_LOOP = 1000  # features validated on the event loop up to this many (models have 30)


@router.post(
    "",
    status_code=201,
    dependencies=[JSONOnly],
    responses=WRITE_ERRORS,
    response_model=PredictionOut,
    openapi_extra={"parameters": [IDEMPOTENCY_KEY]},
)
async def create_prediction(body: PredictionIn, request: Request) -> Response:
    """Predict one row and store the result: 201 + Location; once per Idempotency-Key."""
    # the busiest route takes the service and the key from the request, not as declared
    # parameters (Service, Header): FastAPI's resolving them was 12 % of its throughput
    service: PredictionService = request.app.state.service
    key = request.headers.get("idempotency-key")
    headers = {}
    if key is not None:  # the key's check and the row share one transaction: on a thread
        prediction, replayed = await run_in_threadpool(
            create_prediction_once, service, key, body.model_id, body.features
        )
        headers["Idempotent-Replayed"] = str(replayed).lower()
    else:
        if isinstance(body.features, list) and len(body.features) <= ON_LOOP:
            prediction = service.new_prediction(body.model_id, body.features)  # microseconds
        else:  # a long list takes long to explain: on a thread, not on the event loop
            prediction = await run_in_threadpool(
                service.new_prediction, body.model_id, body.features
            )
        await service.writer.commit(prediction)  # committed: then 201
    headers["Location"] = f"/predictions/{prediction['id']}"
    headers["ETag"] = etag_of(prediction)
    # the record is built by the domain in PredictionOut's shape: written as it is
    return Response(orjson.dumps(prediction), 201, headers, JSON)


@router.get("")
def list_predictions(query: Annotated[ListQuery, Query()], service: Service) -> PredictionPage:
    """A page of stored predictions, oldest first; follow next_page_token for more."""
    page, token = service.list_predictions(query.model_id, query.page_size, query.page_token)
    return {"predictions": page, "next_page_token": token}


@router.get("/{prediction_id}", responses=CACHEABLE)
def get_prediction(
    prediction_id: str,
    service: Service,
    request: Request,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> PredictionOut:
    """One stored prediction (ETag; 304 if unchanged). HEAD answers the headers only."""
    return cacheable(request, response, service.get_prediction(prediction_id), "prediction")


@router.put("/{prediction_id}", dependencies=[JSONOnly], responses=CONDITIONAL_ERRORS)
def replace_feedback(
    prediction_id: str,
    body: FeedbackIn,
    service: Service,
    request: Request,
    response: Response,
    if_match: IfMatch = None,
) -> PredictionOut:
    """Replace the writable part of a prediction: its feedback (the true label)."""
    change = lambda: service.set_feedback(prediction_id, body.feedback)  # noqa: E731
    return conditionally(request, response, service, prediction_id, if_match, change)


@router.patch("/{prediction_id}", dependencies=[JSONOnly], responses=CONDITIONAL_ERRORS)
def patch_feedback(
    prediction_id: str,
    body: FeedbackPatch,
    service: Service,
    request: Request,
    response: Response,
    if_match: IfMatch = None,
) -> PredictionOut:
    """Change only the fields sent; an empty object changes nothing."""

    def change():
        if "feedback" not in body.model_fields_set:
            return service.get_prediction(prediction_id)
        return service.set_feedback(prediction_id, body.feedback)

    return conditionally(request, response, service, prediction_id, if_match, change)


def conditionally(
    request, response, service, prediction_id: str, if_match: str | None, change: Callable
) -> dict:
    """Apply ``change`` if If-Match allows it (412 if stale, 428 if required and absent)."""
    required = request.app.state.settings.require_if_match
    prediction = update_if_match(service, prediction_id, if_match, required, change)
    response.headers["ETag"] = etag_of(prediction)
    return prediction


@router.delete("/{prediction_id}", status_code=204)
def delete_prediction(prediction_id: str, service: Service) -> Response:
    """Forget a prediction: 204, no body."""
    service.delete_prediction(prediction_id)
    return Response(status_code=204)

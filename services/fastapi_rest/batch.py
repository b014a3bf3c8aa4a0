"""POST /batch-predictions: many rows in one request, in any supported format, nothing stored."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from services.common.dependencies import Service
from services.common.negotiation import predict_batch
from services.wire.formats import CODECS
from services.wire.schemas import BatchQuery

from .responses import problems

router = APIRouter(tags=["batch"], responses=problems(400, 404, 406, 413, 415, 422))
BINARY = {"schema": {"type": "string", "format": "binary"}}
REQUEST_BODY = {
    "required": True,
    "content": {
        media_type: {"schema": {"$ref": "#/components/schemas/BatchIn"}}
        if media_type == "application/json"
        else BINARY
        for media_type in CODECS
    },
}
ANSWERS = {
    200: {
        "description": "One label and score per row, in the type the Accept header asks for",
        "content": {
            media_type: {"schema": {"$ref": "#/components/schemas/BatchOut"}}
            if media_type == "application/json"
            else BINARY
            for media_type in CODECS
        },
    }
}


@router.post(
    "/batch-predictions",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses=ANSWERS,
    response_class=Response,
)
async def batch_predictions(
    query: Annotated[BatchQuery, Query()], request: Request, service: Service
) -> Response:
    """Rows in the Content-Type sent, answers in the type Accept asks for (gzip on request)."""
    limit = request.app.state.settings.max_body_bytes
    body = await request.body()  # async for the body; decoding and predicting on a thread
    args = (service, query.model_id, body, request.headers, limit)
    answer = await run_in_threadpool(predict_batch, *args)
    headers = {"Vary": "Accept, Accept-Encoding"}
    if answer.content_encoding:
        headers["Content-Encoding"] = answer.content_encoding
    return Response(answer.body, media_type=answer.media_type, headers=headers)

"""POST /batch-predictions: many rows in one request, in any supported format, nothing stored."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.common.dependencies import Service
from services.common.negotiation import predict_batch
from services.wire.formats import CODECS
from services.wire.schemas import BatchIn, BatchOut, BatchQuery

from .responses import problems

router = APIRouter(tags=["batch"], responses=problems(400, 404, 406, 413, 415, 422))
BINARY = {"schema": {"type": "string", "format": "binary"}}
REQUEST_BODY = {
    "required": True,
    "content": {
        media_type: {"schema": BatchIn.model_json_schema()}
        if media_type == "application/json"
        else BINARY
        for media_type in CODECS
    },
}
ANSWERS = {
    200: {
        "description": "One label and score per row, in the type the Accept header asks for",
        "content": {
            media_type: {"schema": BatchOut.model_json_schema()}
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
    answer = predict_batch(service, query.model_id, await request.body(), request.headers, limit)
    headers = {"Vary": "Accept, Accept-Encoding"}
    if answer.content_encoding:
        headers["Content-Encoding"] = answer.content_encoding
    return Response(answer.body, media_type=answer.media_type, headers=headers)

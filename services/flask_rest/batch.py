"""POST /batch-predictions: many rows in one request, in any supported format, nothing stored."""

from flask import Blueprint, Response, current_app, request

from services.common.negotiation import predict_batch
from services.wire.schemas import BatchQuery, validate

from .bodies import read_body, service

bp = Blueprint("batch", __name__)


@bp.post("/batch-predictions")
def batch_predictions():
    """Rows in the Content-Type sent, answers in the type Accept asks for (gzip on request)."""
    query = validate(BatchQuery, request.args.to_dict())
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    answer = predict_batch(service(), query.model_id, read_body(), request.headers, limit)
    response = Response(answer.body, mimetype=answer.media_type)
    if answer.content_encoding:
        response.headers["Content-Encoding"] = answer.content_encoding
    response.headers["Vary"] = "Accept, Accept-Encoding"
    return response

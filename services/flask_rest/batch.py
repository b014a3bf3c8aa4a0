"""POST /batch-predictions: many rows in one request, nothing stored."""

from flask import Blueprint, request

from services.domain.schemas import BatchIn, BatchQuery, validate

from .bodies import json_body, service

bp = Blueprint("batch", __name__)


@bp.post("/batch-predictions")
def batch_predictions():
    """Predict every row of the body for the model named in ``?model_id=``."""
    query = validate(BatchQuery, request.args.to_dict())
    body = json_body(BatchIn)
    return service().predict_batch(query.model_id, body.rows).as_dict()

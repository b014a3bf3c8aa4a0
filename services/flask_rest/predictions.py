"""The /predictions resource: create (predict and store), read, page, feedback, delete."""

from flask import Blueprint, current_app, request

from services.common.conditional import etag_of, update_if_match
from services.domain.idempotency import create_prediction_once
from services.wire.schemas import FeedbackIn, FeedbackPatch, ListQuery, PredictionIn, validate

from .bodies import json_body, service
from .caching import cacheable

bp = Blueprint("predictions", __name__, url_prefix="/predictions")


@bp.post("")
def create_prediction():
    """Predict one row and store the result: 201 + Location; once per Idempotency-Key."""
    body = json_body(PredictionIn)
    key = request.headers.get("Idempotency-Key")
    headers = {}
    if key is None:
        prediction = service().create_prediction(body.model_id, body.features)
    else:
        prediction, replayed = create_prediction_once(service(), key, body.model_id, body.features)
        headers["Idempotent-Replayed"] = str(replayed).lower()
    # the id is a UUID: the path needs no url_for (which costs more than the prediction)
    headers["Location"] = f"/predictions/{prediction['id']}"
    headers["ETag"] = etag_of(prediction)
    return prediction, 201, headers


@bp.get("")
def list_predictions():
    """A page of stored predictions, oldest first; follow next_page_token for more."""
    query = validate(ListQuery, request.args.to_dict())
    page, token = service().list_predictions(query.model_id, query.page_size, query.page_token)
    return {"predictions": page, "next_page_token": token}


@bp.get("/<prediction_id>")
def get_prediction(prediction_id: str):
    """One stored prediction (ETag; 304 if unchanged since the client's copy)."""
    return cacheable(service().get_prediction(prediction_id), "prediction")


@bp.put("/<prediction_id>")
def replace_feedback(prediction_id: str):
    """Replace the writable part of a prediction: its feedback (the true label)."""
    body = json_body(FeedbackIn)
    return conditionally(
        prediction_id, lambda: service().set_feedback(prediction_id, body.feedback)
    )


@bp.patch("/<prediction_id>")
def patch_feedback(prediction_id: str):
    """Change only the fields sent; an empty object changes nothing."""
    body = json_body(FeedbackPatch)

    def change():
        if "feedback" not in body.model_fields_set:
            return service().get_prediction(prediction_id)
        return service().set_feedback(prediction_id, body.feedback)

    return conditionally(prediction_id, change)


def conditionally(prediction_id: str, change):
    """Apply ``change`` if If-Match allows it (412 if stale, 428 if required and absent)."""
    if_match = request.headers.get("If-Match")
    required = current_app.config["REQUIRE_IF_MATCH"]
    prediction = update_if_match(service(), prediction_id, if_match, required, change)
    return prediction, 200, {"ETag": etag_of(prediction)}


@bp.delete("/<prediction_id>")
def delete_prediction(prediction_id: str):
    """Forget a prediction: 204, no body."""
    service().delete_prediction(prediction_id)
    return "", 204

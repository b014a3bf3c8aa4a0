"""The /predictions resource: create (predict and store), read, page, feedback, delete."""

from flask import Blueprint, request

from services.wire.schemas import FeedbackIn, FeedbackPatch, ListQuery, PredictionIn, validate

from .bodies import json_body, service

bp = Blueprint("predictions", __name__, url_prefix="/predictions")


@bp.post("")
def create_prediction():
    """Predict one row and store the result: 201 + Location."""
    body = json_body(PredictionIn)
    prediction = service().create_prediction(body.model_id, body.features)
    # the id is a UUID: the path needs no url_for (which costs more than the prediction)
    return prediction, 201, {"Location": f"/predictions/{prediction['id']}"}


@bp.get("")
def list_predictions():
    """A page of stored predictions, oldest first; follow next_page_token for more."""
    query = validate(ListQuery, request.args.to_dict())
    page, token = service().list_predictions(query.model_id, query.page_size, query.page_token)
    return {"predictions": page, "next_page_token": token}


@bp.get("/<prediction_id>")
def get_prediction(prediction_id: str):
    """One stored prediction."""
    return service().get_prediction(prediction_id)


@bp.put("/<prediction_id>")
def replace_feedback(prediction_id: str):
    """Replace the writable part of a prediction: its feedback (the true label)."""
    body = json_body(FeedbackIn)
    return service().set_feedback(prediction_id, body.feedback)


@bp.patch("/<prediction_id>")
def patch_feedback(prediction_id: str):
    """Change only the fields sent; an empty object changes nothing."""
    body = json_body(FeedbackPatch)
    if "feedback" not in body.model_fields_set:
        return service().get_prediction(prediction_id)
    return service().set_feedback(prediction_id, body.feedback)


@bp.delete("/<prediction_id>")
def delete_prediction(prediction_id: str):
    """Forget a prediction: 204, no body."""
    service().delete_prediction(prediction_id)
    return "", 204

"""The /models resource: which models exist and what they expect."""

from flask import Blueprint

from .bodies import service

bp = Blueprint("models", __name__, url_prefix="/models")


@bp.get("")
def list_models():
    """Every served model."""
    return {"models": service().list_models()}


@bp.get("/<model_id>")
def get_model(model_id: str):
    """One model: feature names, classes, version."""
    return service().describe_model(model_id)

"""The /models resource: which models exist and what they expect."""

from flask import Blueprint, redirect, url_for

from .bodies import service
from .caching import cacheable

bp = Blueprint("models", __name__)


@bp.get("/models")
def list_models():
    """Every served model."""
    return cacheable({"models": service().list_models()}, "models")


@bp.get("/models/<model_id>")
def get_model(model_id: str):
    """One model: feature names, classes, version."""
    return cacheable(service().describe_model(model_id), "model")


@bp.get("/model/<model_id>")
def moved_model(model_id: str):
    """The old singular URI: 301, so clients and caches learn the new one for good."""
    return redirect(url_for(".get_model", model_id=model_id), 301)

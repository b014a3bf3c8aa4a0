"""Step 4: build URLs with url_for (never by hand) and redirect old URLs to new ones."""

from flask import Flask, redirect, url_for

app = Flask(__name__)


@app.route("/models/<model_id>")
def get_model(model_id: str):
    return {"id": model_id, "self": url_for("get_model", model_id=model_id)}


@app.route("/model/<model_id>")
def old_model_url(model_id: str):
    """The singular URL of an old version: 301 Moved Permanently to the plural one."""
    return redirect(url_for("get_model", model_id=model_id), code=301)

"""Step 3: routes and dynamic routes: parts of the URL become function arguments."""

from flask import Flask

app = Flask(__name__)


@app.route("/models")
def list_models():
    return {"models": ["iris"]}


@app.route("/models/<model_id>")
def get_model(model_id: str):
    """<model_id> matches one path segment and arrives as a string."""
    return {"id": model_id}


@app.route("/predictions/<int:prediction_id>")
def get_prediction(prediction_id: int):
    """<int:...> converts to int, and a URL that is not a number is a 404, not a crash."""
    return {"id": prediction_id, "type": type(prediction_id).__name__}


@app.route("/files/<path:name>")
def get_file(name: str):
    """<path:...> also matches slashes."""
    return {"path": name}

"""Step 1: the smallest Flask app: one URL, one function, one response."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    """Flask sends the returned string as the body, with 200 OK and text/html."""
    return "Hello, API Lab!\n"

"""Step 6: HTML from a Jinja2 template; values are escaped, so input cannot inject markup."""

from flask import Flask, render_template

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name: str):
    return render_template("hello.html", name=name, models=["iris", "breast-cancer"])

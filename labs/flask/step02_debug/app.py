"""Step 2: debug mode shows you the error; production must never show it to anyone.

Run with the debugger and the reloader (your laptop only):
    flask --app labs/flask/step02_debug/app.py run --debug --port 5000
Run as production would (the default): the same command without --debug.
"""

from flask import Flask, request

app = Flask(__name__)


@app.route("/divide")
def divide():
    """Divides 100 by ?by=...; by=0 raises ZeroDivisionError on purpose."""
    by = int(request.args.get("by", "1"))
    return f"{100 / by}\n"

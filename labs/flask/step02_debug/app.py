"""Step 2: debug mode shows you the error; production must never show it to anyone."""

from flask import Flask, request

app = Flask(__name__)


@app.route("/divide")
def divide():
    """Divides 100 by ?by=...; by=0 raises ZeroDivisionError on purpose."""
    by = int(request.args.get("by", "1"))
    return f"{100 / by}\n"


if __name__ == "__main__":
    # debug=True only on your laptop: the debugger page runs any Python code typed into it.
    # host="127.0.0.1" (the default) keeps the app unreachable from other machines.
    app.run(host="127.0.0.1", port=5000, debug=False)

"""Step 10: an application factory: create_app builds a new, configured app on each call.

Run: flask --app labs/flask/step10_factory/app.py run --port 5000
(`flask` finds create_app by itself; FLASK_GREETING=Bonjour in the environment changes
the greeting without touching the code.)
"""

from flask import Flask, current_app


def create_app(test_config: dict | None = None) -> Flask:
    """Defaults, then FLASK_* environment variables, then what a test passes in."""
    app = Flask(__name__)
    app.config.from_mapping(GREETING="Hello", PAGE_SIZE=10)
    app.config.from_prefixed_env()  # FLASK_GREETING=Bonjour sets app.config["GREETING"]
    if test_config is not None:
        app.config.from_mapping(test_config)

    @app.get("/settings")
    def settings():
        """Views read the configuration of the app that serves them, never a global."""
        config = current_app.config
        return {
            "greeting": config["GREETING"],
            "page_size": config["PAGE_SIZE"],
            "testing": config["TESTING"],
        }

    return app

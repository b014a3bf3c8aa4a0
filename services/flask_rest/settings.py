"""Settings of the Flask service (``APILAB_*`` environment variables)."""

from services.common.settings import ServiceSettings


class FlaskSettings(ServiceSettings):
    port: int = 5000
    threads: int = 8  # gunicorn gthread worker: requests served at once by the one process
    dev_server: bool = False  # APILAB_DEV_SERVER=1: Werkzeug's server, as in the Flask lab

"""Settings of the Flask service (``APILAB_*`` environment variables)."""

from services.common.ports import PORTS
from services.common.settings import ServiceSettings


class FlaskSettings(ServiceSettings):
    port: int = PORTS["flask_rest"]
    threads: int = 8  # gunicorn gthread worker: requests served at once by the one process
    dev_server: bool = False  # APILAB_DEV_SERVER=1: Werkzeug's server, as in the Flask lab

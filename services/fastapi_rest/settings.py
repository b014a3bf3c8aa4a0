"""Settings of the FastAPI service (``APILAB_*`` environment variables)."""

from services.common.settings import ServiceSettings


class FastAPISettings(ServiceSettings):
    port: int = 8000
    access_log: bool = False  # off by default, as gunicorn's: a log line per request costs

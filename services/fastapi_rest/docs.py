"""/docs: Swagger UI 5 from local files (services/common/swagger_ui.py), no CDN."""

from services.common import swagger_ui

router = swagger_ui.router("API Lab (FastAPI)")
mount_assets = swagger_ui.mount_assets

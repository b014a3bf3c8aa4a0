"""Write the OpenAPI documents the services serve, so the linters read exactly those.

Run by ``make openapi-lint`` (mk/openapi.mk): ``python scripts/openapi_documents.py DIR``
writes DIR/fastapi_rest.json (and fastapi_rest_auth.json, with API keys and OAuth 2.0 on),
DIR/flask_rest.json and DIR/gateway.json, each built by the real app (no port is opened).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def documents(scratch: Path) -> dict[str, dict]:
    from services.fastapi_rest import create_app as fastapi_app
    from services.fastapi_rest.settings import FastAPISettings
    from services.flask_rest import create_app as flask_app
    from services.gateway import create_app as gateway_app

    rest = fastapi_app(FastAPISettings(db_path=scratch / "fastapi.sqlite3"))
    # with API keys and OAuth 2.0 on, the document gains security schemes and POST /token
    user = {"password_hash": "scrypt$not$used", "scopes": ["predictions:read"]}
    locked = FastAPISettings(
        db_path=scratch / "locked.sqlite3", api_keys=["k"], auth_users={"alice": user}
    )
    flask = flask_app({"DB_PATH": str(scratch / "flask.sqlite3")})
    with flask.test_client() as client:
        answer = client.get("/openapi.json")
        assert answer.status_code == 200, answer.text
        flask_document = answer.get_json()
    return {
        "fastapi_rest": rest.openapi(),
        "fastapi_rest_auth": fastapi_app(locked).openapi(),
        "flask_rest": flask_document,
        "gateway": gateway_app().openapi(),
    }


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, document in documents(Path(scratch)).items():
            (out / f"{name}.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/openapi")

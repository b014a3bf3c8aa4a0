"""GET answers with validators: ETag and Cache-Control, and 304 when the client has it."""

from __future__ import annotations

from flask import Response, current_app, request

from services.common.conditional import not_modified, validators


def cacheable(document: dict, kind: str):
    """``document`` with its ETag, or 304 with no body if If-None-Match already names it.

    HEAD needs nothing here: Werkzeug answers it from the GET route, without the body.
    """
    headers = validators(document, kind, credentials=bool(current_app.config["API_KEYS"]))
    if not_modified(request.headers.get("If-None-Match"), headers["ETag"]):
        return Response(status=304, headers=headers)
    return document, 200, headers

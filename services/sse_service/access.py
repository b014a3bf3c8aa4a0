"""The API key of the SSE streams: a header for scripts, a query parameter for EventSource.

``EventSource`` cannot set request headers, so a browser sends ``?api_key=...``; a key in
a URL can end up in logs, which is why scripts should prefer the ``X-API-Key`` header.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from services.common import api_keys
from services.wire.schemas import BatchQuery, GenerateQuery


def check_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
    api_key: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> None:
    """401 with ``WWW-Authenticate`` when ``APILAB_API_KEYS`` is set and no valid key came."""
    api_keys.require(x_api_key or api_key, request.app.state.settings.api_keys)


APIKey = Depends(check_api_key)


# The query models are strict (an unknown parameter is a 422 naming it); these accept
# the key beside the real parameters, and check_api_key is what reads it.
class GenerateParams(GenerateQuery):
    api_key: str | None = None


class BatchParams(BatchQuery):
    api_key: str | None = None

"""HTTP's own caching and concurrency control (RFC 9110 §13, RFC 9111), for both REST services.

A strong ``ETag`` is a hash of the resource's canonical JSON, so Flask and FastAPI send
the same tag for the same state. ``If-None-Match`` lets a cache revalidate (304, no
body); ``If-Match`` makes a write conditional, so of two clients that read the same
version only the first may change it: the second gets 412 instead of silently
overwriting (the lost update). If-Match is optional unless ``APILAB_REQUIRE_IF_MATCH``
is set (then 428): the service's existing clients write without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import orjson

from services.domain import PredictionService
from services.domain.errors import PreconditionFailed, PreconditionRequired

# What each resource may be cached for. A model's description changes only when the
# service is redeployed with a new version, a listing when models are added; a stored
# prediction changes when its feedback is set, so caches keep it but must ask first
# (no-cache is "revalidate every time", not "do not store": that is no-store).
CACHE_CONTROL = {
    "models": "public, max-age=60",
    "model": "public, max-age=3600",
    "prediction": "private, no-cache",
}


def etag_of(document: object) -> str:
    canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)  # 5 µs with json.dumps
    return '"' + hashlib.sha256(canonical).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    """'W/"a", "b"' -> ['W/"a"', '"b"'] (a quoted tag holds no comma in our tags)."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def validators(document: object, kind: str, credentials: bool = False) -> dict[str, str]:
    """The headers every 200 and 304 of this resource carry.

    With ``credentials`` (API keys or tokens turned on) nothing is ``public``: a shared
    cache cannot see that ``X-API-Key`` was checked, and would hand the answer to anyone.
    """
    cache_control = CACHE_CONTROL[kind]
    if credentials:
        cache_control = cache_control.replace("public", "private")
    return {"ETag": etag_of(document), "Cache-Control": cache_control}


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """True when a GET/HEAD should answer 304 (weak comparison, as RFC 9110 says for it)."""
    if not if_none_match:
        return False
    tags = _tags(if_none_match)
    return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}


def check_if_match(if_match: str, etag: str) -> None:
    """412 unless ``If-Match`` names the current version (strong comparison: W/ never matches)."""
    tags = _tags(if_match)
    if "*" in tags or etag in tags:
        return
    raise PreconditionFailed(
        f"If-Match {if_match} is not the current version {etag}: someone changed it since "
        "you read it; GET it again, then decide"
    )


def update_if_match(
    service: PredictionService,
    prediction_id: str,
    if_match: str | None,
    required: bool,
    change: Callable[[], dict],
) -> dict:
    """Run ``change`` (a feedback update) only if ``If-Match`` names the current version.

    Check and write share one transaction, so two clients holding the same ETag cannot
    both pass the check before either writes.
    """
    if if_match is None:
        if required:
            raise PreconditionRequired(
                "this service accepts only conditional updates: GET the prediction, then "
                "send its ETag in If-Match"
            )
        return change()
    with service.store.transaction():
        check_if_match(if_match, etag_of(service.get_prediction(prediction_id)))
        return change()

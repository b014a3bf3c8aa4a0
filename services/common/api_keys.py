"""API-key checks shared by every protocol (HTTP header, gRPC metadata, WebSocket handshake).

Keys are compared in constant time: a plain ``==`` returns sooner the earlier the first
wrong character, which lets an attacker guess a key one character at a time.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from services.wire.errors import Unauthenticated

HEADER = "X-API-Key"  # HTTP header; gRPC metadata key is its lower-case form
METADATA_KEY = HEADER.lower()


def matching(presented: str | None, keys: Iterable[str]) -> str | None:
    """The key equal to ``presented``, or None; every key is compared, always."""
    presented_bytes = (presented or "").encode()
    found = None
    for key in keys:
        if hmac.compare_digest(presented_bytes, key.encode()):
            found = key
    return found if presented else None


def is_valid(presented: str | None, keys: Iterable[str]) -> bool:
    """True when ``presented`` equals one of ``keys``."""
    return matching(presented, keys) is not None


def require(presented: str | None, keys: list[str]) -> None:
    """Raise Unauthenticated unless keys are off (empty) or ``presented`` is one of them."""
    if keys and not is_valid(presented, keys):
        reason = "missing" if not presented else "not valid"
        raise Unauthenticated(f"API key {reason}: send it in the {HEADER} header")

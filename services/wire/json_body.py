"""Why a JSON body could not be parsed, in words a client can act on.

``json.loads`` refuses for four reasons: bad syntax, bytes that are not UTF-8, nesting
deeper than its recursion limit (about 1000), and integers of more than 4300 digits
(CPython's guard against quadratic int conversion). Each gets its own message.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from services.domain.errors import MalformedPayload

NOT_UTF8 = "the body is not valid JSON: it is not UTF-8 text"


def json_failure(error: Exception) -> MalformedPayload:
    """Why ``json.loads`` refused: syntax, encoding, depth or a number too long to convert."""
    if isinstance(error, json.JSONDecodeError):
        return MalformedPayload(json_error_message(error.msg, error.pos))
    if isinstance(error, UnicodeDecodeError):
        return MalformedPayload(NOT_UTF8)
    if isinstance(error, RecursionError):  # the C parser stops near 1000 levels
        return MalformedPayload("the body is not usable JSON: arrays or objects nested too deeply")
    if "digits" in str(error):  # Python refuses integers of more than 4300 digits
        return MalformedPayload("the body is not usable JSON: a number has over 4300 digits")
    return MalformedPayload(f"the body is not usable JSON: {error}")


def json_error_message(reason: str, position: int) -> str:
    return f"the body is not valid JSON: {reason} at character {position}"


def decode_json(raw: bytes) -> Any:
    """Parse a JSON body; empty or undecodable bytes are a malformed payload.

    orjson first (several times faster on a large batch); whatever it refuses is parsed
    again by the stdlib, which accepts a little more (NaN, huge integers, a BOM: the
    domain then names the bad value) and says why it failed in the words above.
    """
    if not raw.strip():
        raise MalformedPayload("the body is empty: expected a JSON object")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise json_failure(error) from None

"""The key of the answer cache: the canonical request.

Inference costs money; identical requests (a test suite, a retry, a popular prompt) are
answered from the cache, kept in the shared store (store.py: least recently used go
first, it survives restarts, two gateway processes share it). Only non-streaming
requests: the key is the request body with sorted keys, and the model is part of it.
"""

from __future__ import annotations

import hashlib
import json


def cache_key(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()

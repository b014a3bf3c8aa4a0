"""A bounded LRU cache of whole answers, keyed by the canonical request.

Inference costs money; identical requests (a test suite, a retry, a popular prompt) are
answered from memory. Only non-streaming requests: the key is the request body with
sorted keys, and the model is part of it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict


def cache_key(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class LRUCache:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            if key not in self.entries:
                return None
            self.entries.move_to_end(key)  # recently used: evicted last
            return self.entries[key]

    def put(self, key: str, value: dict) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

"""Output guardrails: what the model says is checked before the client sees it.

Each rule (``APILAB_GATEWAY_OUTPUT_GUARDRAILS``) either **redacts** its matches
(replaced by ``[redacted: rule]``) or **cuts** the answer just before the first match
(finish_reason ``content_filter``, as OpenAI names it). The answer's last chunk, or the
whole completion, says which rules acted in a ``guardrail`` object.

On a stream, a match may straddle two chunks, so the last ``HOLDBACK`` characters are
held until more text (or the end) arrives, and text is released only where no match can
still be growing. A match longer than the hold-back can slip through in pieces; keep
output patterns short, or raise the hold-back at the price of a later first token.
"""

from __future__ import annotations

import re

HOLDBACK = 48


class OutputGuard:
    def __init__(self, rules: dict):
        self.rules = {name: (re.compile(rule.pattern), rule.action) for name, rule in rules.items()}

    def stream(self) -> StreamGuard:
        return StreamGuard(self)

    def whole(self, text: str) -> tuple[str, dict | None]:
        """A complete answer: (the text to send, the guardrail verdict or None)."""
        guard = self.stream()
        sent = "".join(guard.feed(text) + guard.end())
        return sent, guard.verdict()

    def redact(self, text: str, acted: set[str]) -> str:
        for name, (pattern, action) in self.rules.items():
            if action == "redact":
                text, count = pattern.subn(f"[redacted: {name}]", text)
                if count:
                    acted.add(name)
        return text


class StreamGuard:
    """One answer's state: the pieces not yet released and what the rules did.

    Pieces are released whole (one chunk per token stays one chunk per token), later by
    the hold-back; pieces a redaction touched are merged into one chunk.
    """

    def __init__(self, guard: OutputGuard):
        self.guard = guard
        self.pending: list[str] = []
        self.redacted: set[str] = set()
        self.cut_by: str | None = None

    def feed(self, piece: str) -> list[str]:
        """The chunks that may be sent now ([] while held back, or after a cut)."""
        if self.cut_by:
            return []
        self.pending.append(piece)
        text = "".join(self.pending)
        for name, (pattern, action) in self.guard.rules.items():
            found = pattern.search(text) if action == "cut" else None
            if found:
                self.cut_by, self.pending = name, []
                head = self._release([text[: found.start()]])
                return [chunk for chunk in head if chunk]
        safe = max(0, len(text) - HOLDBACK)
        for pattern, _ in self.guard.rules.values():
            for found in pattern.finditer(text):
                if found.start() < safe < found.end():  # never split a match: hold all of it
                    safe = found.start()
        count, length = 0, 0
        while count < len(self.pending) and length + len(self.pending[count]) <= safe:
            length += len(self.pending[count])
            count += 1
        released, self.pending = self.pending[:count], self.pending[count:]
        return self._release(released)

    def end(self) -> list[str]:
        released, self.pending = self.pending, []
        return [] if self.cut_by else self._release(released)

    def _release(self, pieces: list[str]) -> list[str]:
        joined = "".join(pieces)
        redacted = self.guard.redact(joined, self.redacted)
        return pieces if redacted == joined else [redacted]

    def verdict(self) -> dict | None:
        if self.cut_by:
            return {"action": "cut", "rule": self.cut_by}
        if self.redacted:
            return {"action": "redact", "rules": sorted(self.redacted)}
        return None

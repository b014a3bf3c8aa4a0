"""Input guardrails: requests whose text matches a blocked pattern never reach a model.

Rules come from settings (``APILAB_GATEWAY_GUARDRAILS``, a JSON object: rule name ->
regular expression). The refusal names the rule, never the matched text.
"""

from __future__ import annotations

import re

from services.domain.errors import FieldViolation, InvalidInput


class Blocked(InvalidInput):
    code = "content_policy_violation"
    title = "Blocked by a guardrail"


class Guardrails:
    def __init__(self, rules: dict[str, str]):
        self.rules = {name: re.compile(pattern) for name, pattern in rules.items()}

    def check(self, field: str, texts: list[str]) -> None:
        for name, pattern in self.rules.items():
            if any(pattern.search(text) for text in texts):
                message = f"{field}: blocked by guardrail rule {name!r}"
                raise Blocked(message, [FieldViolation(field, message)])

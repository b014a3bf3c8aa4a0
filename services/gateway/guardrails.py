"""Input guardrails: requests whose text matches a blocked pattern never reach a model.

Rules come from settings (``APILAB_GATEWAY_GUARDRAILS``, a JSON object: rule name ->
regular expression). The refusal names the rule, never the matched text.

A regex sees code points, so text is normalised first, undoing the usual disguises:
entities and percent-encoding decoded, Unicode NFKC (full-width and other compatibility
forms become plain letters), format characters (zero-width spaces, joiners, bidi marks)
and combining marks removed, look-alike letters of other scripts mapped to Latin; each
rule is also tried on the text with spaced-out letters joined up ("s k - l i v e"). What a
regex cannot stop: base64 or any other encoding it does not decode, a secret split over
two messages or reworded, a paraphrase. Those need a classifier model, not a pattern.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

from services.domain.errors import FieldViolation, InvalidInput

# Cyrillic and Greek letters that look like Latin ones (a subset of Unicode's confusables)
LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁӏвнкмтАВЕКМНОРСТХІЈЅΑΒΕΗΙΚΜΝΟΡΤΥΧοκνρτυχ",
    "aeopcyxijsdlbhkmtABEKMHOPCTXIJSABEHIKMNOPTYXoknptux",
)
SPACED_OUT = re.compile(r"(?<!\S)(?:\S\s+){2,}\S(?!\S)")  # "s k - l i v e": single characters


def unspaced(text: str) -> str:
    """Runs of single characters separated by spaces, joined up: "s k - l i" -> "sk-li"."""
    return SPACED_OUT.sub(lambda run: re.sub(r"\s+", "", run.group()), text)


def normalise(text: str) -> str:
    """The text a rule is matched against (see the module's docstring)."""
    text = unquote(html.unescape(text))
    if text.isascii():  # nothing below changes ASCII: skip the walk over every character
        return text
    text = unicodedata.normalize("NFKC", text)
    kept = (
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) not in ("Cf", "Mn")
    )
    return unicodedata.normalize("NFC", "".join(kept)).translate(LOOKALIKES)


class Blocked(InvalidInput):
    code = "content_policy_violation"
    title = "Blocked by a guardrail"


class Guardrails:
    def __init__(self, rules: dict[str, str]):
        self.rules = {name: re.compile(pattern) for name, pattern in rules.items()}

    def matches(self, text: str) -> str | None:
        """The name of the first rule that ``text`` breaks, once undisguised, or None."""
        plain = normalise(text)
        joined = unspaced(plain)
        variants = (plain,) if joined == plain else (plain, joined)
        for name, pattern in self.rules.items():
            if any(pattern.search(variant) for variant in variants):
                return name
        return None

    def check(self, field: str, texts: list[str]) -> None:
        for text in texts:
            try:
                text.encode()
            except UnicodeEncodeError:  # JSON may escape a lone surrogate; it is no text
                message = f"{field}: not valid Unicode text (a lone surrogate code point)"
                raise InvalidInput(message, [FieldViolation(field, message)]) from None
            name = self.matches(text)
            if name:
                message = f"{field}: blocked by guardrail rule {name!r}"
                raise Blocked(message, [FieldViolation(field, message)])

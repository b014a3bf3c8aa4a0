"""Guardrails both ways: input undisguised before matching; output redacted or cut."""

import html
import json
import re
import unicodedata
from urllib.parse import unquote

import httpx
import pytest
from gateway_wire import ADMIN, KEYS, bearer, chat, markov_answer
from hypothesis import given
from hypothesis import strategies as st

from services.common.launch import launch
from services.gateway.guardrails import LOOKALIKES, normalise

SECRET = "sk-live-abcdefghijklmnopqrstu"
DISGUISES = {
    "zero-width characters": "s\u200bk\u200c-live-abcdefghij\u2060klmnopqrstu",
    "bidi and soft hyphen": "\u202ask\u00ad-live-abcdefghijklmnopqrstu",
    "look-alike letters (Cyrillic)": "\u0455\u043a-live-abcdefghijklmnopqrstu",
    "full-width forms": "ｓｋ－ｌｉｖｅ－ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕ",
    "percent-encoding": "%73%6B-live-abcdefghijklmnopqrstu",
    "HTML entities": "&#115;&#107;-live-abcdefghijklmnopqrstu",
    "spacing": "s k - l i v e - a b c d e f g h i j k l m n o p q r s t u",
    "combining marks": "s\u0336k\u0336-live-abcdefghijklmnopqrstu",
}


@pytest.mark.parametrize("text", [SECRET, *DISGUISES.values()], ids=["plain", *DISGUISES])
def test_every_class_of_disguise_is_refused_naming_the_rule(http, text):
    response = http.post(
        "/v1/chat/completions", json=chat("apilab-markov", f"my key {text}"), headers=bearer(ADMIN)
    )
    assert response.status_code == 400, text
    assert response.json()["error"]["message"] == "messages: blocked by guardrail rule 'secret-key'"


def test_the_guardrails_hold_in_the_other_styles_too(http):
    invoke = http.post(
        "/model/apilab-markov/invoke",
        json={"prompt": DISGUISES["full-width forms"]},
        headers=bearer(ADMIN),
    )
    assert invoke.status_code == 400 and "secret-key" in invoke.json()["message"]
    embed = http.post(
        "/v1/embeddings",
        json={"model": "apilab-hash-embedding", "input": [SECRET]},
        headers=bearer(ADMIN),
    )
    assert embed.status_code == 400 and embed.json()["error"]["param"] == "input"


def test_ordinary_text_passes(http):
    for text in ("the model predicts", "Ｔｈｅ ｍｏｄｅｌ", "café ∑ 1 2 3", "ask-me-anything"):
        response = http.post(
            "/v1/chat/completions",
            json=chat("apilab-markov", text, max_tokens=2),
            headers=bearer(ADMIN),
        )
        assert response.status_code == 200, text


@pytest.fixture(scope="module")
def guarded():
    """A gateway whose output rules redact one word and cut at another, both from the answer."""
    tokens, _ = markov_answer("the gateway", 40, 0)
    words = [t.strip() for t in tokens if t.strip().isalpha() and len(t.strip()) > 3]
    redact, cut = words[0], words[-1]
    rules = {
        "no-redact-word": {"pattern": rf"\b{redact}\b", "action": "redact"},
        "no-cut-word": {"pattern": rf"\b{cut}\b", "action": "cut"},
    }
    env = {
        "APILAB_GATEWAY_KEYS": json.dumps(KEYS),
        "APILAB_GATEWAY_OUTPUT_GUARDRAILS": json.dumps(rules),
    }
    with launch("gateway", env=env) as gateway:
        yield gateway, tokens, redact, cut


def read_stream(url: str, body: dict) -> list[dict]:
    with httpx.stream(
        "POST", url, json=body | {"stream": True}, headers=bearer(ADMIN), timeout=30
    ) as r:
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]


def test_a_stream_is_redacted_and_cut_with_a_terminal_event_saying_why(guarded):
    gateway, tokens, redact, cut = guarded
    chunks = read_stream(
        f"{gateway.url}/v1/chat/completions", chat("apilab-markov", "the gateway", max_tokens=40)
    )
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    full = "".join(tokens)
    assert text == full[: re.search(rf"\b{cut}\b", full).start()].replace(
        redact, "[redacted: no-redact-word]"
    )
    assert redact not in text and cut not in text
    last = chunks[-1]
    assert last["choices"][0]["finish_reason"] == "content_filter"
    assert last["guardrail"] == {"action": "cut", "rule": "no-cut-word"}


def test_a_whole_answer_is_guarded_the_same_way(guarded):
    gateway, _, redact, cut = guarded
    body = chat("apilab-markov", "the gateway", max_tokens=40)
    answer = httpx.post(
        f"{gateway.url}/v1/chat/completions", json=body, headers=bearer(ADMIN)
    ).json()
    content = answer["choices"][0]["message"]["content"]
    assert redact not in content and cut not in content
    assert answer["choices"][0]["finish_reason"] == "content_filter"
    assert answer["guardrail"]["rule"] == "no-cut-word"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/chat/completions",
            '{"model": "apilab-markov", "messages": [{"role": "user", "content": "\\ud800"}]}',
        ),
        ("/model/apilab-markov/invoke", '{"prompt": "a \\udc00 b"}'),
        ("/v1/embeddings", '{"model": "apilab-hash-embedding", "input": "\\ud800"}'),
    ],
)
def test_a_lone_surrogate_is_a_400_not_a_500(http, path, body):
    headers = bearer(ADMIN) | {"Content-Type": "application/json"}
    response = http.post(path, content=body.encode(), headers=headers)
    assert response.status_code == 400, response.text
    assert "not valid Unicode" in response.text


def embed(http, key: str, text: str):
    body = {"model": "apilab-hash-embedding", "input": [text]}
    return http.post("/v1/embeddings", json=body, headers=bearer(key))


def test_a_blocked_request_leaves_the_quota_as_it_was(http):
    key = "sk-test-guarded"
    before = http.get("/spend", headers=bearer(key)).json()["tokens_today"]
    blocked = embed(http, key, f"my key {SECRET}")
    assert blocked.status_code == 400 and "secret-key" in blocked.json()["error"]["message"]
    assert http.get("/spend", headers=bearer(key)).json()["tokens_today"] == before
    assert embed(http, key, "a harmless text").status_code == 200  # nothing is left reserved


def test_the_quota_is_checked_before_the_guardrails_read_the_text(http):
    """The cheap check first: a request over its quota is 429 without a scan of its input."""
    response = embed(http, "sk-test-three-tokens", f"my key {SECRET} and many more words")
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "insufficient_quota"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_skips_the_walk_and_normalises_to_the_same_text(text):
    """normalise returns ASCII as it is: every step it skips leaves ASCII unchanged."""
    plain = unquote(html.unescape(text))
    if plain.isascii():
        walked = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", plain))
        kept = "".join(c for c in walked if unicodedata.category(c) not in ("Cf", "Mn"))
        assert normalise(text) == unicodedata.normalize("NFC", kept).translate(LOOKALIKES)

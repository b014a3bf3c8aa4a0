"""Hidden checks of notebook 09's exercises on the gateway's routing and cost control.

Exercise 4 is checked on the student's running gateway (``guarded``) with prompts and
seeds the exercise does not use; exercise 5 calls ``wait_before_retry`` on answers the
student has not seen, built here.
"""

from __future__ import annotations

import json
import re

import httpx
import requests

from grading.api import check, defined, expect
from services.domain.textgen import generate
from services.gateway.backends.markov import until_sentence_end

MODEL_WORD = re.compile(r"(?i)\bmodels?\b")


def _stream(url: str, key: str, prompt: str, seed: int) -> tuple[str, str | None, dict | None]:
    body = {
        "model": "apilab-markov",
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": 40,
        "seed": seed,
        "stream": True,
    }
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.stream(
        "POST", f"{url}/v1/chat/completions", json=body, headers=headers, timeout=30
    ) as r:
        expect(r.status_code == 200, f"the guarded gateway answered {r.status_code}, not 200")
        chunks = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    text = "".join(
        c["choices"][0]["delta"].get("content") or "" for c in chunks if c.get("choices")
    )
    last = chunks[-1]
    return text, last["choices"][0]["finish_reason"], last.get("guardrail")


def _rule_matches_the_word(env: dict) -> None:
    """The configured rule, tried on text the markov chain never writes."""
    try:
        rule = json.loads(env.get("APILAB_GATEWAY_OUTPUT_GUARDRAILS", "{}"))["no-model"]
        pattern = re.compile(rule["pattern"])
    except (KeyError, TypeError, ValueError, re.error):
        expect(False, "APILAB_GATEWAY_OUTPUT_GUARDRAILS needs a rule named no-model with a pattern")
    expect(rule.get("action") == "cut", "the rule no-model must cut (action 'cut'), not redact")
    for text in ("The Model is", "MODELS here", "a model.", "models, too"):
        expect(pattern.search(text), f"the rule should match the word in {text!r}")
    for text in ("we remodel it", "modelling", "a supermodel", "the modal"):
        expect(not pattern.search(text), f"the rule should not match inside {text!r}")


@check(4)
def output_guardrail_cuts(ns, stdout):
    guarded = ns.get("guarded")
    expect(
        guarded is not None and hasattr(guarded, "url"),
        "start the gateway as `guarded = start(...)`",
    )
    _rule_matches_the_word(getattr(guarded, "env", {}))
    key = ns.get("MAIN_KEY")
    expect(bool(key), "keep the notebook's MAIN_KEY (and its policies) as the gateway's keys")
    cases = []
    for prompt in ("a gateway routes", "the model of", "predictions are"):
        for seed in range(40):
            full = "".join(until_sentence_end(generate(prompt, 40, seed)))
            with_word = bool(MODEL_WORD.search(full))
            if sum(1 for c in cases if c[3] == with_word) < 3:
                cases.append((prompt, seed, full, with_word))
    expect(any(c[3] for c in cases), "internal: no answer with the word model was found")
    for prompt, seed, full, with_word in cases:
        text, finish, guardrail = _stream(guarded.url, key, prompt, seed)
        if with_word:
            cut = MODEL_WORD.search(full).start()
            expect(
                text == full[:cut],
                f"for {prompt!r} (seed {seed}) the answer should stop just before "
                f"{full[cut : cut + 6]!r}; it was {text!r}",
            )
            expect(
                finish == "content_filter",
                f"a cut answer ends with finish_reason content_filter, not {finish!r}",
            )
            expect(
                guardrail == {"action": "cut", "rule": "no-model"},
                f"the last chunk should name rule no-model and action cut, got {guardrail!r}",
            )
        else:
            expect(text == full, f"an answer without the word model must pass unchanged: {text!r}")


def _response(status: int, body: dict | None, headers: dict | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode() if body is not None else b"<html>oops</html>"
    response.headers.update(headers or {})
    return response


def _error(code: str | None) -> dict:
    return {"error": {"message": "m", "type": "t", "param": None, "code": code}}


@check(5)
def wait_before_retry(ns, stdout):
    function = defined(ns, "wait_before_retry(response)")
    cases = [
        (_response(200, {"ok": 1}), 0),
        (_response(201, {"ok": 1}), 0),
        (_response(429, _error("rate_limit_exceeded"), {"Retry-After": "17"}), 17.0),
        (_response(429, _error("rate_limit_exceeded"), {"Retry-After": "3"}), 3.0),
        (_response(503, _error("service_unavailable"), {"Retry-After": "5"}), 5.0),
        (_response(429, _error("insufficient_quota"), {"Retry-After": "40000"}), None),
        (_response(400, _error("content_policy_violation")), None),
        (_response(404, _error("model_not_found")), None),
        (_response(502, None), None),
    ]
    for response, expected in cases:
        try:
            got = function(response)
        except Exception as error:  # noqa: BLE001 (the student's code: report, do not crash)
            expect(
                False,
                f"wait_before_retry raised {type(error).__name__} on a {response.status_code}",
            )
        if expected is None:
            expect(
                got is None,
                f"a {response.status_code} {response.text[:60]!r} should give None, got {got!r}",
            )
        else:
            expect(
                got is not None and float(got) == expected,
                f"a {response.status_code} with Retry-After {response.headers.get('Retry-After')} "
                f"should give {expected}, got {got!r}",
            )

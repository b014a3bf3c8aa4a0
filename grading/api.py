"""What a hidden check may use: ``@check(N)`` registers a check, ``expect`` fails it,
``defined`` and ``posted`` fetch what the student wrote.

A notebook's checks live in ``grading/checks/<notebook stem>.py`` and, when a topic adds
its own, ``grading/checks/<notebook stem>__<topic>.py`` (never in the student's copy).
Exercise N is the code cell tagged ``exercise`` whose first line reads
``# Exercise N (P points): Title``; the grader runs the student's code of that cell in a
fresh kernel inside the reference notebook (solutions/), then calls the check in the
same kernel:

    @check(1)
    def status_line(ns, stdout):
        # ns: the kernel's globals after the cell ran; stdout: what the cell printed
        expect(ns["status_line"](b"HTTP/1.1 404 Not Found\\r\\n") == "404", "...")

A check passes by returning None (full points) or a fraction in [0, 1]; it fails by
raising (``expect`` raises ``CheckFailed`` with a message the student can act on). Checks
call what the student wrote with inputs the student has not seen, or inspect live state
(a stored prediction, a header on the wire): a hard-coded print must not score.
"""

from __future__ import annotations

from collections.abc import Callable

CHECKS: dict[int, Callable] = {}


class CheckFailed(AssertionError):
    """A check's verdict: the message tells the student what was expected and what came."""


def check(number: int) -> Callable[[Callable], Callable]:
    """Register ``function`` as the hidden check of exercise ``number`` of this notebook."""

    def register(function: Callable) -> Callable:
        if number in CHECKS:
            raise ValueError(f"exercise {number} has two checks")
        CHECKS[number] = function
        return function

    return register


def expect(condition: object, message: str) -> None:
    """Fail the check with ``message`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailed(message)


def defined(ns: dict, signature: str, hint: str = "") -> Callable:
    """The function the student defined as ``signature`` ("name(args)"), or a failed check.

    ``hint`` completes the message: "that returns a Flask app", "in the exercise cell".
    """
    function = ns.get(signature.split("(")[0])
    expect(callable(function), f"define a function `{signature}`" + (f" {hint}" if hint else ""))
    return function


def posted(ns: dict, path: str, name: str = "response"):
    """The ``requests.Response`` the student kept in ``name``, checked to be ``POST path``."""
    import requests  # here, not at the top: the contract itself needs no HTTP client

    response = ns.get(name)
    expect(
        isinstance(response, requests.Response),
        f"keep the answer of requests.post(...) in a variable named `{name}`",
    )
    sent = response.request
    expect(
        sent.method == "POST" and sent.url.endswith(path),
        f"send POST {path}; your request was {sent.method} {sent.path_url}",
    )
    return response

"""What the styles that carry a model's own payload (Bedrock invoke, Vertex predict) share.

The gateway does not know such a payload's fields, so it charges by the words of the
request and the answer (``count_tokens`` of their JSON) and runs the input guardrails on
every string in it, wherever it sits.
"""

from __future__ import annotations

import json

from ..admission import admit, settle
from ..dependencies import backend_for
from ..schemas import count_tokens


def strings(value: object) -> list[str]:
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


async def call_native(request, caller, model: str, payload: object, field: str, call):
    """Admit, ``call(backend)``, charge: the answer (any JSON) and its tokens."""
    backend = backend_for(request, model)
    record = request.state.record
    prompt = record["prompt_tokens"] = count_tokens(json.dumps(payload))
    most = request.app.state.settings.gateway_default_max_tokens
    reservation = await admit(request, caller, model, strings(payload), field, prompt, most)
    completion = 0
    try:
        result = await call(backend)
        completion = record["completion_tokens"] = count_tokens(json.dumps(result))
        return result
    finally:
        await settle(request, reservation, prompt, completion)

"""JSON-RPC 2.0 at POST /jsonrpc: the same operations as the REST resources, as calls.

Written by hand because the protocol is what is being taught: one URL and one verb for
everything, the method named in the body, errors inside a 200 response. Compare
``{"jsonrpc": "2.0", "method": "predict", "params": {...}, "id": 1}`` with
``POST /predictions``. Spec: https://www.jsonrpc.org/specification
"""

from __future__ import annotations

import inspect
import json
import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from services.domain import PredictionService
from services.domain.errors import (
    DomainError,
    FieldViolation,
    InvalidInput,
    MalformedPayload,
    Unavailable,
)
from services.domain.idempotency import create_prediction_once
from services.wire.schemas import ListQuery, validate
from services.wire.status import error_body, status_of

log = logging.getLogger(__name__)
router = APIRouter(tags=["json-rpc"])
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = (
    -32700,
    -32600,
    -32601,
    -32602,
    -32603,
)
# a domain error's code (-32602, -32004, -32003, ...) comes from the error table: wire/status.py
MAX_BATCH_CALLS = 1000  # calls in one batch; a longer batch is refused whole (-32600)


def _list_predictions(service, model_id=None, page_size=50, page_token=None) -> dict:
    # the same limits as GET /predictions' query (page_size 1..1000), with the same errors
    fields = {"model_id": model_id, "page_size": page_size, "page_token": page_token}
    query = validate(ListQuery, fields)
    page, token = service.list_predictions(query.model_id, query.page_size, query.page_token)
    return {"predictions": page, "next_page_token": token}


def _predict(service, model_id, features, idempotency_key=None) -> dict:
    """Stores a prediction, as POST /predictions; a retry with one idempotency_key stores one."""
    if idempotency_key is None:
        return service.create_prediction(model_id, features)
    if not isinstance(idempotency_key, str):
        message = "idempotency_key: expected a string"
        raise InvalidInput(message, [FieldViolation("idempotency_key", message)])
    try:
        return create_prediction_once(service, idempotency_key, model_id, features)[0]
    except MalformedPayload as problem:  # a bad key is a bad param here, not a bad body
        raise InvalidInput(
            problem.message, [FieldViolation("idempotency_key", problem.message)]
        ) from None


METHODS = {
    "listModels": lambda s: {"models": s.list_models()},
    "getModel": lambda s, model_id: s.describe_model(model_id),
    "predict": _predict,
    "getPrediction": lambda s, prediction_id: s.get_prediction(prediction_id),
    "listPredictions": _list_predictions,
    "deletePrediction": lambda s, prediction_id: s.delete_prediction(prediction_id),
    "predictBatch": lambda s, model_id, rows: s.predict_batch(model_id, rows).as_dict(),
}


def error(request_id, code: int, message: str, data: Any = None) -> dict:
    body = {"code": code, "message": message}
    if data is not None:
        body["data"] = data
    return {"jsonrpc": "2.0", "error": body, "id": request_id}


def call(service: PredictionService, request: Any) -> dict | None:
    """One request object -> its response, or None for a notification (no "id")."""
    valid = (
        isinstance(request, dict)
        and request.get("jsonrpc") == "2.0"
        and isinstance(request.get("method"), str)
    )
    if not valid:
        return error(None, INVALID_REQUEST, "Invalid Request")
    request_id, params = request.get("id"), request.get("params", {})
    response = _invoke(service, request["method"], params, request_id)
    return response if "id" in request else None


def _invoke(service, method: str, params, request_id) -> dict:
    function = METHODS.get(method)
    if function is None:
        return error(request_id, METHOD_NOT_FOUND, f"Method not found: {method}")
    if not isinstance(params, dict | list):
        return error(request_id, INVALID_PARAMS, "params must be an object or an array")
    signature = inspect.signature(function)
    try:  # bind first: a TypeError raised inside a method is not the caller's mistake
        if isinstance(params, dict):
            bound = signature.bind(service, **params)
        else:
            bound = signature.bind(service, *params)
    except TypeError as problem:  # wrong parameter names or count
        return error(request_id, INVALID_PARAMS, "Invalid params", {"message": str(problem)})
    try:
        result = function(*bound.args, **bound.kwargs)
    except DomainError as problem:  # its code from the error table, the domain's in data
        data = error_body(problem)
        if isinstance(problem, Unavailable):  # -32003: try again later
            data["retry_after"] = getattr(problem, "retry_after", 1)
        return error(request_id, status_of(problem).jsonrpc, problem.title, data)
    except Exception:  # one failing call must not take the other calls of a batch with it
        log.exception("unexpected error in JSON-RPC method %s", method)
        return error(request_id, INTERNAL_ERROR, "Internal error")
    return {"jsonrpc": "2.0", "result": result, "id": request_id}


def answer(service: PredictionService, body: bytes) -> Any:
    """The whole exchange, parsing included: CPU and database work, run on a thread."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as problem:  # RecursionError: nested too deeply
        return error(None, PARSE_ERROR, "Parse error", {"message": str(problem)[:200]})
    if not isinstance(payload, list):
        return call(service, payload)
    if not payload or len(payload) > MAX_BATCH_CALLS:
        reason = f"a batch holds 1 to {MAX_BATCH_CALLS} calls; this one has {len(payload)}"
        return error(None, INVALID_REQUEST, "Invalid Request", {"message": reason})
    return [a for a in (call(service, item) for item in payload) if a is not None]


@router.post("/jsonrpc", summary="JSON-RPC 2.0 endpoint (single or batch calls)")
async def jsonrpc(request: Request) -> Response:
    """Every answer is HTTP 200 (or 204 when only notifications were sent).

    A batch holds at most 1000 calls (``MAX_BATCH_CALLS``): longer ones get -32600.
    """
    body = await request.body()
    answers = await run_in_threadpool(answer, request.app.state.service, body)
    if not answers:
        return Response(status_code=204)
    return JSONResponse(answers)

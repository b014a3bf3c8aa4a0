"""Each API style's own error shape; the status codes are the same in every style.

- OpenAI: ``{"error": {"message", "type", "param", "code"}}`` (errors.py);
- Bedrock: ``{"message": ...}`` with the exception's name in ``x-amzn-ErrorType``, the
  header boto3 reads to pick its exception class (``ValidationException``, ...);
- Vertex AI (Google APIs): ``{"error": {"code": <HTTP status>, "message", "status"}}``
  with the canonical gRPC status name (``INVALID_ARGUMENT``, ...).
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

BEDROCK = {
    400: "ValidationException",
    401: "UnrecognizedClientException",
    403: "AccessDeniedException",
    404: "ResourceNotFoundException",
    413: "ValidationException",
    415: "ValidationException",
    502: "ModelErrorException",
    503: "ServiceUnavailableException",
}
GOOGLE = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    413: "INVALID_ARGUMENT",
    415: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


def bedrock(status: int, message: str, code: str | None, headers: dict) -> JSONResponse:
    if status == 429:  # Bedrock tells a quota from a pace by the exception's name
        name = (
            "ServiceQuotaExceededException"
            if code == "insufficient_quota"
            else "ThrottlingException"
        )
    else:
        name = BEDROCK.get(status, "InternalServerException")
    return JSONResponse(
        {"message": message}, status_code=status, headers=headers | {"x-amzn-ErrorType": name}
    )


def google(status: int, message: str, code: str | None, headers: dict) -> JSONResponse:
    body = {"error": {"code": status, "message": message, "status": GOOGLE.get(status, "INTERNAL")}}
    return JSONResponse(body, status_code=status, headers=headers)


def style_of(path: str):
    """The renderer for a request path, or None for OpenAI's own shape."""
    if path.startswith("/model/"):
        return bedrock
    if path.startswith("/v1/models/") and path.endswith(":predict"):
        return google
    return None

"""Domain errors as gRPC statuses, with rich details (google.rpc), mapped in one place.

Clients read the details with ``grpc_status.rpc_status.from_call(error)``: a
``BadRequest`` lists the fields that were wrong, an ``ErrorInfo`` carries the domain's
error code (the same ``code`` the HTTP problem bodies and WebSocket errors carry).
"""

from __future__ import annotations

import contextlib
import logging

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from services.domain import errors
from services.wire.status import status_of

log = logging.getLogger(__name__)


def code_of(error: errors.DomainError) -> grpc.StatusCode:
    return grpc.StatusCode[status_of(error).grpc]  # the error table: services/wire/status.py


def rich_status(error: errors.DomainError) -> grpc.Status:
    code = code_of(error)
    details = [error_details_pb2.ErrorInfo(reason=error.code, domain="apilab")]
    if error.violations:
        violations = [
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.message)
            for v in error.violations
        ]
        details.append(error_details_pb2.BadRequest(field_violations=violations))
    packed = []
    for detail in details:
        any_detail = any_pb2.Any()
        any_detail.Pack(detail)
        packed.append(any_detail)
    status = status_pb2.Status(code=code.value[0], message=error.message, details=packed)
    return rpc_status.to_status(status)


@contextlib.contextmanager
def mapped_errors(context: grpc.ServicerContext):
    """Run a call's body; turn a domain error into its status, anything else into INTERNAL."""
    try:
        yield
    except errors.DomainError as error:
        failure = rich_status(error)
    except grpc.RpcError:  # from the request stream of a call that already ended (the
        raise  # client cancelled, its connection closed): grpc expects it back, quietly
    except Exception:
        log.exception("unexpected error in a gRPC call")
        failure = rich_status(
            errors.DomainError("an unexpected error occurred; it has been logged")
        )
    else:
        return
    context.abort_with_status(failure)  # raises: the call ends here

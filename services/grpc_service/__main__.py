"""Serve PredictionService over gRPC.

Usage: ``python -m services.grpc_service --host 127.0.0.1 --port 50051``
"""

from services.common.cli import parse_settings

from .server import serve
from .settings import GrpcSettings


def main(argv=None) -> None:
    serve(parse_settings(GrpcSettings, "gRPC prediction service", argv))


if __name__ == "__main__":
    main()

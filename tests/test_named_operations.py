"""Which adapter stores predictions: only REST and JSON-RPC open a database.

gRPC, WebSocket, SSE and the gateway predict without storage, so building them with a
database path must leave no file there; the REST services create theirs.
"""

import pytest

from services.domain import PredictionService, Predictor
from services.fastapi_rest import create_app as create_fastapi
from services.fastapi_rest.settings import FastAPISettings
from services.gateway import create_app as create_gateway
from services.gateway.settings import GatewaySettings
from services.grpc_service.server import create_server
from services.grpc_service.settings import GrpcSettings
from services.sse_service import create_app as create_sse
from services.sse_service.settings import SSESettings
from services.websocket_service.server import WebSocketApp
from services.websocket_service.settings import WebSocketSettings


def grpc_service(db_path):
    server, _, _ = create_server("127.0.0.1:0", GrpcSettings(db_path=db_path))
    return server.stop(None)


STATELESS = {
    "grpc_service": grpc_service,
    "websocket_service": lambda db_path: WebSocketApp(WebSocketSettings(db_path=db_path)),
    "sse_service": lambda db_path: create_sse(SSESettings(db_path=db_path)),
    "gateway": lambda db_path: create_gateway(GatewaySettings(db_path=db_path)),
}


@pytest.mark.parametrize("name", STATELESS)
def test_adapters_that_predict_without_storage_open_no_database(name, tmp_path):
    db_path = tmp_path / "never.sqlite3"
    STATELESS[name](db_path)
    assert not db_path.exists()


def test_rest_stores_its_predictions(tmp_path):
    db_path = tmp_path / "rest.sqlite3"
    app = create_fastapi(FastAPISettings(db_path=db_path))
    assert isinstance(app.state.service, PredictionService)
    assert db_path.exists()


def test_a_predictor_has_no_stored_operations():
    predictor = Predictor()
    assert predictor.predict("iris", [5.1, 3.5, 1.4, 0.2]).label == "setosa"
    assert not hasattr(predictor, "create_prediction")
    assert not hasattr(predictor, "store")

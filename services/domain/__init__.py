"""The domain: models, validation, the service layer, errors and the prediction store.

It knows nothing of HTTP, gRPC or sockets; every adapter under ``services/`` calls
``PredictionService`` and maps ``errors.DomainError`` subclasses to its own protocol.
"""

from .errors import DomainError
from .models import TabularModel, load_models
from .service import BatchResult, Prediction, PredictionService
from .store import PredictionStore

__all__ = [
    "BatchResult",
    "DomainError",
    "Prediction",
    "PredictionService",
    "PredictionStore",
    "TabularModel",
    "load_models",
]

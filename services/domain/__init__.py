"""The domain: models, validation, the service layer, errors and the prediction store.

It knows nothing of HTTP, gRPC or sockets, and imports nothing else from ``services/``.
Every adapter calls ``Predictor`` (nothing stored) or ``PredictionService`` (a
``Predictor`` that also keeps the records of /predictions) and maps ``errors.DomainError``
subclasses to its own protocol.
"""

from .errors import DomainError
from .models import TabularModel, load_models
from .records import PredictionService
from .service import BatchResult, Prediction, Predictor
from .store import PredictionStore

__all__ = [
    "BatchResult",
    "DomainError",
    "Prediction",
    "PredictionService",
    "Predictor",
    "PredictionStore",
    "TabularModel",
    "load_models",
]

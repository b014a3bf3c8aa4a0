"""Start-up readiness of the REST services: 503 with Retry-After until warmed up.

A process can accept connections before it can answer well: a large model still loading,
caches still cold. Until then ``/readyz`` says 503 and ``Retry-After`` says when to ask
again, so a load balancer (or Kubernetes' readiness probe) keeps traffic away while
``/healthz`` already says the process is alive. The models here load in milliseconds;
``APILAB_WARMUP_SECONDS`` stands in for a large one, so the 503 can be watched.
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np

from services.domain import PredictionService


class WarmUp:
    """Warms every model up once in a background thread; ``ready`` once that is done."""

    def __init__(self, service: PredictionService, seconds: float = 0.0):
        self.until = time.monotonic() + seconds
        self._done = threading.Event()
        self._service = service
        threading.Thread(target=self._run, name="warm-up", daemon=True).start()

    def _run(self) -> None:
        for model in self._service.models.values():
            model.predict(np.zeros((1, model.n_features)))  # first call pays the lazy costs
        self._done.wait(max(0.0, self.until - time.monotonic()))  # the stand-in load time
        self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def retry_after(self) -> str:
        """Whole seconds until it expects to be ready (at least 1)."""
        return str(max(1, math.ceil(self.until - time.monotonic())))

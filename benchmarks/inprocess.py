"""In-process prediction cost: what one row costs before any protocol is involved.

Three numbers per model, median of repeated timings:
- numpy floor: the fast path's arithmetic on an already-validated array;
- domain predict: ``PredictionService.predict`` (validation + float32 policy + fast path),
  what every adapter calls;
- scikit-learn: ``Pipeline.predict_proba`` on the same row, which re-validates each call.
"""

from __future__ import annotations

import statistics
import tempfile
import timeit

from services.domain import PredictionService, PredictionStore
from services.domain.training import DATASETS, fit


def _per_call_us(function, number: int = 2000, repeat: int = 7) -> float:
    times = timeit.repeat(function, number=number, repeat=repeat)
    return statistics.median(times) / number * 1e6


def measure() -> list[dict]:
    service = PredictionService(PredictionStore(tempfile.mkdtemp() + "/bench.sqlite3"))
    results = []
    for model_id in sorted(DATASETS):
        row = DATASETS[model_id]().data[:1]
        model = service.get_model(model_id)
        features = row[0].tolist()
        estimator = fit(model_id)
        results.append(
            {
                "model_id": model_id,
                "numpy_floor_us": _per_call_us(lambda m=model, r=row: m.predict_proba(r)),
                "domain_predict_us": _per_call_us(
                    lambda f=features, i=model_id: service.predict(i, f)
                ),
                "sklearn_predict_proba_us": _per_call_us(
                    lambda e=estimator, r=row: e.predict_proba(r), number=500
                ),
            }
        )
    return results


if __name__ == "__main__":
    for result in measure():
        print(result)

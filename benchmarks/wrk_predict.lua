-- wrk: POST /predictions with one iris row, the HTTP ceiling of the benchmark.
-- Run: wrk -t1 -c16 -d5s --latency -s benchmarks/wrk_predict.lua http://127.0.0.1:8000
wrk.method = "POST"
wrk.path = "/predictions"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}'

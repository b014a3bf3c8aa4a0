-- wrk: POST /predictions with one iris row, the HTTP ceiling of the benchmark.
-- Run: wrk -t1 -c16 -d5s --latency -s benchmarks/wrk_predict.lua http://127.0.0.1:8000
-- BENCH_PATH another route with the same body (the plain apps' /ladder/domain, ...).
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/predictions"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}'

-- wrk: POST a prepared body to the batch route, answered in the same format.
-- The benchmark writes the body and names it (BENCH_PATH defaults to one iris row's route):
-- BENCH_BODY=/tmp/body BENCH_MEDIA=application/x-protobuf \
--   wrk -t1 -c16 -d5s -s benchmarks/wrk_batch.lua http://127.0.0.1:8000
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local media = os.getenv("BENCH_MEDIA")
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/batch-predictions?model_id=iris"
wrk.headers["Content-Type"] = media
wrk.headers["Accept"] = media
wrk.body = file:read("*a")
file:close()

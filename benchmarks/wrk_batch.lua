-- wrk: POST /batch-predictions with a prepared body, answered in the same format.
-- The benchmark writes the body (one iris row, JSON or Protobuf) and names it:
-- BENCH_BODY=/tmp/body BENCH_MEDIA=application/x-protobuf \
--   wrk -t1 -c16 -d5s -s benchmarks/wrk_batch.lua http://127.0.0.1:8000
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local media = os.getenv("BENCH_MEDIA")
wrk.method = "POST"
wrk.path = "/batch-predictions?model_id=iris"
wrk.headers["Content-Type"] = media
wrk.headers["Accept"] = media
wrk.body = file:read("*a")
file:close()

# The benchmark's other targets (`make bench` itself is in the Makefile) and its HTTP
# ceiling tool.
.PHONY: bench-distributed bench-reference formats soak wrk

bench-distributed: venv ## [instructor] Locust master + BENCH_PROCESSES workers against one service (for machines with spare cores)
	$(PY) -m benchmarks.distributed

.PHONY: bench-reference
bench-reference: venv ## [instructor] pin results/latest as the reference run notebook 11 reads (then re-execute it)
	$(PY) -m benchmarks.reference
formats: venv ## [instructor] bytes and time of one batch in JSON, CSV, Parquet, Avro, Protobuf, MessagePack, XML
	$(PY) -m benchmarks.formats

soak: venv ## [instructor] all protocols at once for SOAK_DURATION seconds (120); writes benchmarks/results/soak
	$(PY) -m benchmarks.soak

# Debian's package, installed once when missing (needs root and apt-get). Without it the
# benchmark uses its asyncio client and the report says which tool measured each ceiling.
wrk: ## [maintainer] install wrk (the HTTP ceiling of the benchmark), if missing
	@command -v wrk >/dev/null || ! command -v apt-get >/dev/null || \
	  (apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null)
	@command -v wrk >/dev/null || echo "wrk: not installed (no apt-get); the asyncio client measures HTTP ceilings"

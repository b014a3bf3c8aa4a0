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

# Debian's packages, installed once when missing (needs root and apt-get): wrk for HTTP,
# h2load (nghttp2-client) for gRPC. Without them the benchmark uses its asyncio clients
# and the report says which tool measured each ceiling.
wrk: ## [maintainer] install wrk and h2load (the benchmark's HTTP and gRPC ceilings), if missing
	@(command -v wrk && command -v h2load) >/dev/null || ! command -v apt-get >/dev/null || \
	  (apt-get update -qq >/dev/null && apt-get install -y -qq wrk nghttp2-client >/dev/null)
	@command -v wrk >/dev/null || echo "wrk: not installed (no apt-get); the asyncio client measures HTTP ceilings"
	@command -v h2load >/dev/null || echo "h2load: not installed (no apt-get); the asyncio client measures gRPC ceilings"

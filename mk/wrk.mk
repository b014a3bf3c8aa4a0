# wrk, the HTTP throughput ceiling of the benchmark: Debian's package, installed once
# when missing (needs root and apt-get). Without it the benchmark uses its asyncio client
# and the report says which tool measured each ceiling.
.PHONY: wrk
wrk: ## install wrk (the HTTP ceiling of the benchmark), if missing
	@command -v wrk >/dev/null || ! command -v apt-get >/dev/null || \
	  (apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null)
	@command -v wrk >/dev/null || echo "wrk: not installed (no apt-get); the asyncio client measures HTTP ceilings"

bench test: wrk

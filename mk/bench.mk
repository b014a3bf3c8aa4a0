# The benchmark's extra targets (`make bench` itself is in the Makefile).
.PHONY: bench-distributed
bench-distributed: venv ## Locust master + BENCH_PROCESSES workers against one service (for machines with spare cores)
	$(PY) -m benchmarks.distributed

.PHONY: bench-reference
bench-reference: venv ## pin results/latest as the reference run notebook 11 reads (then re-execute it)
	$(PY) -m benchmarks.reference

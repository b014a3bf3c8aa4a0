# Soak: every protocol at once for minutes; zero failures, zero lost predictions, flat RSS.
.PHONY: soak
soak: venv ## all protocols at once for SOAK_DURATION seconds (120); writes benchmarks/results/soak
	$(PY) -m benchmarks.soak

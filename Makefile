# API Lab: `make bench` runs the benchmark, `make test` runs every check.
# Both build the environment first: uv (installed from PyPI if missing) syncs .venv
# from uv.lock. Topic targets (proto, notebooks, ...) live in mk/*.mk.

SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export UV_PYTHON := python3.11

.PHONY: help venv test lint bench models environment serve-flask_rest serve-fastapi_rest

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-groups
	@touch $@

venv: .venv/.synced ## create or update .venv from uv.lock (fast when nothing changed)

PYTEST_ARGS ?= -n 2 --dist loadfile
test: venv lint ## lint, then every test (real servers on loopback)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv ## ruff (and hadolint on every Dockerfile, once there are some)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache

bench: venv ## the main job: benchmark every protocol, write benchmarks/results and the charts
	$(PY) -m benchmarks.run

models: venv ## retrain the models and rewrite services/domain/model_params/*.json
	$(PY) -m services.domain.training

environment: venv ## rewrite environment.yml (conda) from uv.lock
	$(PY) scripts/environment_yml.py > environment.yml

serve-flask_rest: venv ## REST over Flask under gunicorn, http://127.0.0.1:5000
	$(PY) -m services.flask_rest

serve-fastapi_rest: venv ## REST over FastAPI under uvicorn, http://127.0.0.1:8000/docs
	$(PY) -m services.fastapi_rest

-include mk/*.mk

# API Lab: `make help` lists every target, by who runs it; `make bench` runs the benchmark,
# `make test` every check. Each builds the environment first: uv (installed from PyPI if
# missing) syncs .venv from uv.lock. Topic targets live in mk/*.mk. A target's
# prerequisites are written on its own line, so `make help` can show them.

SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export UV_PYTHON := python3.11

# The services a `serve-<name>` target runs; their ports are in services/common/ports.py.
SERVICES := flask_rest fastapi_rest grpc_service websocket_service sse_service gateway
DOCKERFILES := $(shell find . -name 'Dockerfile*' -not -name '*.dockerignore' \
	-not -path './.venv/*' -not -path './.tools/*' | sort)

.PHONY: help venv test lint hadolint bench models environment proto
# serve-% is not .PHONY: make skips pattern rules for phony targets

help: ## [student] this list: the targets by audience, each with what it runs first
	@for group in student instructor maintainer other; do \
	  awk -v group=$$group -v services='$(SERVICES)' -f scripts/make_help.awk $(MAKEFILE_LIST) | sort | \
	    sed "1i\\$$group:" ; done

.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-groups
	@touch $@

venv: .venv/.synced ## [student] create or update .venv from uv.lock (fast when nothing changed)

serve-%: venv ## [student] one service on 127.0.0.1, % one of: $(SERVICES)
	@case " $(SERVICES) " in *" $* "*) ;; *) echo "no service $*; one of: $(SERVICES)"; exit 1;; esac
	$(PY) -m services.$*

PYTEST_ARGS ?= -n 2 --dist loadfile
test: venv lint chromium wrk ## [maintainer] lint, then every test (real servers on loopback)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv hadolint ## [maintainer] ruff, the import contracts (lint-imports), hadolint, Spectral and Redocly on the OpenAPI documents
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache

hadolint: venv ## [maintainer] lint every Dockerfile of the repository (no rule ignored)
	.venv/bin/hadolint $(DOCKERFILES)

bench: venv wrk ## [instructor] benchmark every protocol: benchmarks/results, the charts, REPORT.md
	$(PY) -m benchmarks.run

models: venv ## [maintainer] retrain the models and rewrite services/domain/model_params/*.json
	$(PY) -m services.domain.training

environment: venv ## [maintainer] rewrite environment.yml (conda) from uv.lock
	$(PY) scripts/environment_yml.py > environment.yml

proto: venv ## [maintainer] regenerate services/contract/prediction_pb2*.py from prediction.proto
	$(PY) -m grpc_tools.protoc -I . --python_out=. --grpc_python_out=. --pyi_out=. \
	  services/contract/prediction.proto

-include mk/*.mk

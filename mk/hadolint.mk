# hadolint on every Dockerfile of the repository, as part of `make lint`.
.PHONY: hadolint
hadolint: venv ## lint every Dockerfile (no rule ignored)
	@find . -name 'Dockerfile*' -not -path './.venv/*' -not -path './.tools/*' -not -name '*.dockerignore' \
	  -print -exec .venv/bin/hadolint {} +

lint: hadolint

# Containers: one image per service (the Dockerfile's service stage), the stack with compose.
# Every target first asks the Docker engine (`docker info`); without one it says so and
# does nothing, so `make images` is safe on machines that only have the client, or none.

DOCKER ?= docker
IMAGE_TAG ?= local
NO_ENGINE := no Docker engine here ('$(DOCKER) info' failed): nothing to build or run. \
	Start Docker (or install it: https://docs.docker.com/engine/install/) and try again.
define if_engine
@if ! $(DOCKER) info >/dev/null 2>&1; then echo "$(NO_ENGINE)"; exit 0; fi; $(1)
endef

.PHONY: images up down

images: ## [instructor] build every image (apilab/<service>:local, apilab/bench:local), if Docker runs here
	$(call if_engine,set -e; for service in $(SERVICES); do \
		$(DOCKER) build --target service --build-arg SERVICE=$$service \
		  --tag apilab/$$service:$(IMAGE_TAG) .; done; \
		$(DOCKER) build --target bench --tag apilab/bench:$(IMAGE_TAG) .)

up: ## [instructor] start the whole stack on 127.0.0.1 (compose.yaml) and wait until every service is healthy
	$(call if_engine,$(DOCKER) compose up --build --detach --wait)

down: ## [instructor] stop the stack (the SQLite volume stays; `docker compose down -v` removes it)
	$(call if_engine,$(DOCKER) compose down)

# Containers: one image per service (Dockerfile targets), the whole stack with compose.
# Every target first asks the Docker engine (`docker info`); without one it says so and
# does nothing, so `make images` is safe on machines that only have the client, or none.

DOCKER ?= docker
IMAGE_TAG ?= local
IMAGE_TARGETS := flask_rest fastapi_rest grpc_service websocket_service sse_service gateway bench
NO_ENGINE := no Docker engine here ('$(DOCKER) info' failed): nothing to build or run. \
	Start Docker (or install it: https://docs.docker.com/engine/install/) and try again.
define if_engine
@if ! $(DOCKER) info >/dev/null 2>&1; then echo "$(NO_ENGINE)"; exit 0; fi; $(1)
endef

.PHONY: images up down

images: ## build every image (apilab/<service>:local) from the Dockerfile, if Docker runs here
	$(call if_engine,set -e; for target in $(IMAGE_TARGETS); do \
		$(DOCKER) build --target $$target --tag apilab/$$target:$(IMAGE_TAG) .; done)

up: ## start the whole stack on 127.0.0.1 (compose.yaml) and wait until every service is healthy
	$(call if_engine,$(DOCKER) compose up --build --detach --wait)

down: ## stop the stack (the SQLite volume stays; `docker compose down -v` removes it)
	$(call if_engine,$(DOCKER) compose down)

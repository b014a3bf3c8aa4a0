# The OpenAPI documents the services serve, linted by Spectral (spectral:oas, .spectral.yaml)
# and Redocly CLI (recommended, redocly.yaml) as part of `make lint`: 0 errors, 0 warnings.
# Both linters are npm packages pinned by package-lock.json and installed here by `npm ci`.
.PHONY: openapi-lint openapi-documents node-tools
OPENAPI_DIR := var/openapi
# no usage telemetry, no "new version" look-up: the lint stays offline
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node-tools: node_modules/.installed ## [maintainer] install the pinned npm tools (Spectral, Redocly CLI)

openapi-documents: venv ## [maintainer] write every served OpenAPI document to var/openapi/ (from the real apps)
	$(PY) scripts/openapi_documents.py $(OPENAPI_DIR)

openapi-lint: openapi-documents node-tools ## [maintainer] Spectral and Redocly on every served OpenAPI document
	node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity=warn $(OPENAPI_DIR)/*.json
	@node_modules/.bin/redocly lint --config redocly.yaml --format=summary $(OPENAPI_DIR)/*.json 2>&1 \
	  | grep -v '[║╔╚]' | tee $(OPENAPI_DIR)/redocly.txt; \
	  test "$${PIPESTATUS[0]}" = 0 && ! grep -q 'You have [0-9]* warning' $(OPENAPI_DIR)/redocly.txt

lint: openapi-lint

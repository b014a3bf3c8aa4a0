# Clients to run against a service started with `make serve-<name>`, and the browser the
# demo page's test drives.
.PHONY: gateway-client websocket-client chromium

gateway-client: venv ## [student] the openai SDK against a running gateway (iris needs serve-fastapi_rest)
	$(PY) -m services.gateway.client

websocket-client: venv ## [student] two requests in flight on one connection (needs serve-websocket_service)
	$(PY) -m services.websocket_service.client

# Debian's chromium, installed once when missing (needs root and apt-get); Playwright
# only drives it, so nothing is downloaded by the tests themselves.
chromium: ## [maintainer] install /usr/bin/chromium for the browser test, if missing
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
	  (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null)
	@test -x /usr/bin/chromium || echo "chromium: not installed (no apt-get); tests/web will fail"

# Streaming services, their clients, and the browser that tests the demo page.
.PHONY: serve-websocket_service serve-sse_service websocket-client chromium
serve-websocket_service: venv ## WebSocket on ws://127.0.0.1:8765/ws
	$(PY) -m services.websocket_service

serve-sse_service: venv ## Server-Sent Events on http://127.0.0.1:8001
	$(PY) -m services.sse_service

websocket-client: venv ## two requests in flight on one connection (needs serve-websocket_service)
	$(PY) -m services.websocket_service.client

# Debian's chromium, installed once when missing (needs root and apt-get); Playwright
# only drives it, so nothing is downloaded by the tests themselves.
chromium: ## install /usr/bin/chromium for the browser test, if missing
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
	  (apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null)
	@test -x /usr/bin/chromium || echo "chromium: not installed (no apt-get); tests/web will fail"

test: chromium

# Streaming services, and the browser that tests the demo page.
.PHONY: serve-websocket_service serve-sse_service chromium
serve-websocket_service: venv ## WebSocket on ws://127.0.0.1:8765/ws
	$(PY) -m services.websocket_service

serve-sse_service: venv ## Server-Sent Events on http://127.0.0.1:8001
	$(PY) -m services.sse_service

chromium: ## Debian's chromium for the browser test (apt-get, once; needs root)
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null))
	@test -x /usr/bin/chromium && echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null | head -c 40)" \
	  || echo "chromium: not installed (no apt-get); the browser test will fail"

test: chromium

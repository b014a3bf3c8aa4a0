# The OpenAI-compatible GenAI gateway (services/gateway).
.PHONY: serve-gateway gateway-client
serve-gateway: venv ## OpenAI-compatible gateway on 127.0.0.1:8080 (demo key sk-apilab-demo)
	$(PY) -m services.gateway

gateway-client: venv ## the openai SDK against a running gateway (iris needs serve-fastapi_rest)
	$(PY) -m services.gateway.client

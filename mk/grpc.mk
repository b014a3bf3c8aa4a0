# gRPC: generate the Python code from the contract, serve it.
PROTO := services/contract/prediction.proto

.PHONY: proto serve-grpc_service
proto: venv ## regenerate services/contract/prediction_pb2*.py from prediction.proto
	$(PY) -m grpc_tools.protoc -I . --python_out=. --grpc_python_out=. --pyi_out=. $(PROTO)

serve-grpc_service: venv ## gRPC on 127.0.0.1:50051 (health + reflection)
	$(PY) -m services.grpc_service

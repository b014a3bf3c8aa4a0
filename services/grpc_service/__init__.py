"""gRPC: the prediction service from prediction.proto (generated stubs beside it)."""

"""The gRPC contract: prediction.proto and the Python code generated from it (`make proto`).

It lives outside every adapter because more than one side reads it: the gRPC service,
its clients, the benchmark, and the wire's Protobuf codec for POST /batch-predictions.
"""

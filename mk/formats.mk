# Data formats: measure the same batch in every format.
.PHONY: formats
formats: venv ## bytes and time of one batch in JSON, CSV, Parquet, Avro, Protobuf, MessagePack, XML
	$(PY) -m benchmarks.formats

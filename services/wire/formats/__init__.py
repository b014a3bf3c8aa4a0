"""Data formats on the wire: one codec per media type, found by Content-Type or Accept.

| format | media type | text or binary |
|---|---|---|
| JSON | application/json | text |
| CSV | text/csv | text |
| Parquet | application/vnd.apache.parquet | binary, columnar |
| Avro | application/avro | binary, schema in the file |
| Protobuf | application/x-protobuf | binary, schema in the .proto |
| MessagePack | application/msgpack | binary |
| XML | application/xml | text (DTDs and entities refused) |

Pickle (application/python-pickle) is never decoded: loading a pickle runs code chosen
by whoever wrote it, so a pickle from the network is a remote code execution.
"""

from .base import Codec
from .jsonlike import JsonCodec, MsgpackCodec
from .protobuf import ProtobufCodec
from .tabular import AvroCodec, CsvCodec, ParquetCodec
from .xml_codec import XmlCodec

CODECS: dict[str, Codec] = {
    codec.media_type: codec
    for codec in (
        JsonCodec(),
        CsvCodec(),
        ParquetCodec(),
        AvroCodec(),
        ProtobufCodec(),
        MsgpackCodec(),
        XmlCodec(),
    )
}
PICKLE = "application/python-pickle"

__all__ = ["CODECS", "PICKLE", "Codec"]

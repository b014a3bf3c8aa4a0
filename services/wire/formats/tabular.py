"""CSV, Parquet and Avro: one column per feature name, results as columns label, score.

CSV is read by pyarrow's C++ parser when every cell is a number; anything it refuses is
read again, cell by cell, by the stdlib ``csv`` module, which names the bad cell.
"""

from __future__ import annotations

import csv
import io

import fastavro
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from services.domain.service import BatchResult

from .base import Codec, columns_in_model_order, number

RESULT_SCHEMA = {
    "type": "record",
    "name": "Prediction",
    "namespace": "apilab",
    "fields": [{"name": "label", "type": "string"}, {"name": "score", "type": "float"}],
}


def rows_schema(feature_names: list[str]) -> dict:
    """The Avro schema of a batch: one float field per feature, in the model's order."""
    fields = [{"name": name, "type": "float"} for name in feature_names]
    return {"type": "record", "name": "Row", "namespace": "apilab", "fields": fields}


class CsvCodec(Codec):
    media_type, name, binary = "text/csv", "CSV", False

    def encode_rows(self, rows, feature_names):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(feature_names)
        # str() of a float32 is its shortest exact form: "17.99", not 17.989999771118164
        writer.writerows(np.asarray(rows, dtype=np.float32).astype(str).tolist())
        return out.getvalue().encode()

    def decode_rows(self, data, feature_names):
        fast = _numeric_csv(data, feature_names)
        return fast if fast is not None else self._decode_cells(data, feature_names)

    def _decode_cells(self, data, feature_names):
        try:
            lines = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        except (UnicodeDecodeError, csv.Error) as error:
            raise self.malformed(error) from None
        if not lines:
            raise self.malformed("no header row")
        header, body = lines[0], [line for line in lines[1:] if line]
        cells = {name: [] for name in header}
        for r, line in enumerate(body):
            if len(line) != len(header):
                raise self.malformed(f"row {r + 1} has {len(line)} cells, the header {len(header)}")
            for name, cell in zip(header, line, strict=True):
                cells[name].append(number(cell, f"rows[{r}].{name}"))
        return columns_in_model_order(cells, feature_names, "header")

    def encode_result(self, result):
        if any(map(_needs_quotes, set(result.labels))):  # a model's classes rarely do
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["label", "score"])
            writer.writerows(zip(result.labels, result.scores, strict=True))
            return out.getvalue().encode()
        # the same bytes as csv.writer (repr is a float's shortest exact form), twice as fast
        pairs = zip(result.labels, result.scores, strict=True)
        lines = [f"{label},{score!r}\n" for label, score in pairs]
        return ("label,score\n" + "".join(lines)).encode()

    def decode_result(self, data):
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        return BatchResult("", [r["label"] for r in rows], [float(r["score"]) for r in rows])


def _needs_quotes(text: str) -> bool:
    return any(c in text for c in ',"\r\n') or text != text.strip()


def _numeric_csv(data: bytes, feature_names: list[str]) -> np.ndarray | None:
    """Exactly the model's columns, every cell a number, as a float64 matrix; else None.

    No null values and no quoted-newline tricks: an empty cell or "NA" is not a
    number here, so the stdlib reader gets to say so.
    """
    options = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(feature_names, pa.float64()),
        null_values=[],
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:  # column names are read lazily: not UTF-8 raises there, not in read_csv
        table = pa_csv.read_csv(pa.py_buffer(data), convert_options=options)
        if sorted(table.column_names) != sorted(feature_names):
            return None
    except (pa.ArrowException, OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    if any(table.column(name).type != pa.float64() for name in feature_names):
        return None
    columns = [table.column(name).to_numpy() for name in feature_names]
    return np.column_stack(columns) if columns else None


class ParquetCodec(Codec):
    media_type, name = "application/vnd.apache.parquet", "Parquet"

    def encode_rows(self, rows, feature_names):
        matrix = np.asarray(rows, dtype=np.float32).reshape(-1, len(feature_names))
        table = pa.table({name: matrix[:, i] for i, name in enumerate(feature_names)})
        return self._write(table)

    def _write(self, table: pa.Table) -> bytes:
        sink = io.BytesIO()
        pq.write_table(table, sink)
        return sink.getvalue()

    def decode_rows(self, data, feature_names):
        try:  # column names are read lazily: not UTF-8 raises there, not in read_table
            table = pq.read_table(io.BytesIO(data))
            columns = {name: table.column(name).to_numpy() for name in table.column_names}
        except (pa.ArrowException, OSError, ValueError) as error:
            raise self.malformed(error) from None
        try:
            return columns_in_model_order(columns, feature_names, "columns")
        except (TypeError, ValueError) as error:  # a column of strings, for example
            raise self.malformed(error) from None

    def encode_result(self, result):
        scores = pa.array(result.scores, type=pa.float32())
        return self._write(pa.table({"label": result.labels, "score": scores}))

    def decode_result(self, data):
        table = pq.read_table(io.BytesIO(data))
        return BatchResult("", table.column("label").to_pylist(), table.column("score").to_pylist())


class AvroCodec(Codec):
    media_type, name = "application/avro", "Avro"

    def encode_rows(self, rows, feature_names):
        matrix = np.asarray(rows, dtype=np.float32).reshape(-1, len(feature_names)).tolist()
        records = (dict(zip(feature_names, row, strict=True)) for row in matrix)
        return self._write(rows_schema(feature_names), records)

    def _write(self, schema: dict, records) -> bytes:
        sink = io.BytesIO()
        fastavro.writer(sink, fastavro.parse_schema(schema), records)
        return sink.getvalue()

    def decode_rows(self, data, feature_names):
        try:  # the writer's schema travels inside the file: fields are matched by name
            records = list(fastavro.reader(io.BytesIO(data)))
        except (
            ValueError,
            EOFError,
            TypeError,
            IndexError,
            KeyError,
            OSError,
            fastavro.read.SchemaResolutionError,
            fastavro.schema.SchemaParseException,  # the schema in the file is damaged
        ) as error:
            raise self.malformed(error or "truncated") from None
        names = list(records[0]) if records else list(feature_names)
        columns = {name: [record.get(name) for record in records] for name in names}
        try:
            return columns_in_model_order(columns, feature_names, "fields")
        except (TypeError, ValueError) as error:
            raise self.malformed(error) from None

    def encode_result(self, result):
        records = (
            {"label": lab, "score": s} for lab, s in zip(result.labels, result.scores, strict=True)
        )
        return self._write(RESULT_SCHEMA, records)

    def decode_result(self, data):
        records = list(fastavro.reader(io.BytesIO(data)))
        return BatchResult("", [r["label"] for r in records], [r["score"] for r in records])

"""XML: the format of SOAP and of the lecture's POST example, parsed with ``defusedxml``.

A batch is ``<batch><row><sepal_length_cm>5.1</sepal_length_cm>...</row>...</batch>``
(one element per feature, matched by name as CSV's header is); a result is
``<result model_id="iris"><prediction><label>setosa</label><score>0.98</score>
</prediction>...</result>``.

Any document with a DTD (``<!DOCTYPE ...>``) is refused before it is expanded: a DTD
is where entities are declared, and entities are how XML attacks a server, by
expanding a few hundred bytes into gigabytes (the "billion laughs") or by pulling a
local file or URL into the document (XXE, an external entity). This API needs neither.
"""

from __future__ import annotations

from xml.etree.ElementTree import ParseError  # noqa: S405 (only the exception; parsing is defused)
from xml.sax.saxutils import escape, quoteattr  # noqa: S406 (escaping output, no parsing)

import defusedxml
import defusedxml.ElementTree as SafeET
import numpy as np

from services.domain.service import BatchResult

from .base import Codec, columns_in_model_order, number


class XmlCodec(Codec):
    media_type, name, binary = "application/xml", "XML", False

    def parse(self, data: bytes):
        try:
            return SafeET.fromstring(data, forbid_dtd=True)
        except defusedxml.DTDForbidden:
            raise self.malformed(
                "a DTD (<!DOCTYPE>) is not accepted: DTDs declare the entities of "
                "entity-expansion (billion laughs) and external-entity (XXE) attacks"
            ) from None
        except defusedxml.DefusedXmlException as error:  # entities without a DTD, defensively
            raise self.malformed(f"entities are not accepted ({error})") from None
        except ParseError as error:
            raise self.malformed(error) from None

    def encode_rows(self, rows, feature_names):
        cells = np.asarray(rows, dtype=np.float32).reshape(-1, len(feature_names)).astype(str)
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n<batch>']
        for row in cells.tolist():
            values = "".join(f"<{n}>{v}</{n}>" for n, v in zip(feature_names, row, strict=True))
            parts.append(f"<row>{values}</row>")
        parts.append("</batch>\n")
        return "\n".join(parts).encode()

    def decode_rows(self, data, feature_names):
        root = self.parse(data)
        if root.tag != "batch":
            raise self.malformed(f"the root element must be <batch>, not <{root.tag}>")
        rows = list(root)
        names = [cell.tag for cell in rows[0]] if rows else list(feature_names)
        for r, row in enumerate(rows):
            if row.tag != "row" or [cell.tag for cell in row] != names:
                raise self.malformed(f"<row> {r + 1} must hold the elements {', '.join(names)}")
        texts = [cell.text for row in rows for cell in row]
        try:
            values = np.fromiter(map(float, texts), np.float64, len(texts))
        except (TypeError, ValueError):  # walk the cells only to name the bad one
            for i, text in enumerate(texts):
                number(text, f"rows[{i // len(names)}].{names[i % len(names)]}")
            raise
        matrix = values.reshape(len(rows), len(names))
        columns = {name: matrix[:, i] for i, name in enumerate(names)}
        return columns_in_model_order(columns, feature_names, "row elements")

    def encode_result(self, result):
        root = f"<result model_id={quoteattr(result.model_id)}>"
        parts = [f'<?xml version="1.0" encoding="utf-8"?>\n{root}']
        for label, score in zip(result.labels, result.scores, strict=True):
            parts.append(
                f"<prediction><label>{escape(label)}</label><score>{float(score)!r}</score></prediction>"
            )
        parts.append("</result>\n")
        return "\n".join(parts).encode()

    def decode_result(self, data):
        root = self.parse(data)
        predictions = root.findall("prediction")
        return BatchResult(
            root.get("model_id", ""),
            [p.findtext("label") for p in predictions],
            [float(p.findtext("score")) for p in predictions],
        )

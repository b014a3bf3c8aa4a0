"""Content negotiation for POST /batch-predictions: which codec reads, which one answers.

Shared by the Flask and FastAPI adapters so both answer the same 415, 406 and gzip.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass

from services.domain import Predictor
from services.domain.errors import MalformedPayload
from services.wire.errors import NotAcceptable, PayloadTooLarge, UnsupportedMediaType
from services.wire.formats import CODECS, PICKLE, Codec
from services.wire.media import mimetype_of

SUPPORTED = ", ".join(CODECS)


def request_codec(content_type: str | None) -> Codec:
    mimetype = mimetype_of(content_type)
    if mimetype == PICKLE:
        raise UnsupportedMediaType(
            "application/python-pickle is never accepted: unpickling runs code chosen by the "
            f"sender. Send one of: {SUPPORTED}"
        )
    if mimetype not in CODECS:
        sent = content_type or "no Content-Type"
        raise UnsupportedMediaType(f"{sent} is not supported; send one of: {SUPPORTED}")
    return CODECS[mimetype]


def response_codec(accept: str | None) -> Codec:
    """The acceptable codec with the highest q-value; ties go to the order listed."""
    if not accept or not accept.strip():
        return CODECS["application/json"]
    choices = []
    for position, part in enumerate(accept.split(",")):
        mimetype, *params = (p.strip() for p in part.split(";"))
        q = next((_q(p) for p in params if p.replace(" ", "").startswith("q=")), 1.0)
        choices.append((-q, position, mimetype.lower()))
    for negative_q, _, mimetype in sorted(choices):
        if negative_q == 0:
            break
        if mimetype in ("*/*", "application/*"):
            return CODECS["application/json"]
        if mimetype == "text/*":
            return CODECS["text/csv"]
        if mimetype in CODECS:
            return CODECS[mimetype]
    raise NotAcceptable(f"cannot answer in {accept}; available: {SUPPORTED}")


def _q(param: str) -> float:
    try:
        return float(param.split("=", 1)[1])
    except ValueError:
        return 0.0


def decompress(body: bytes, content_encoding: str | None, limit: int) -> bytes:
    """Undo ``Content-Encoding: gzip`` without letting a small bomb expand past ``limit``."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "identity":
        return body
    if encoding != "gzip":
        raise UnsupportedMediaType(f"Content-Encoding {encoding} is not supported; use gzip")
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise MalformedPayload(f"the body is not valid gzip: {error}") from None
    if len(data) > limit:
        raise PayloadTooLarge(f"the body is larger than the limit of {limit} bytes once unzipped")
    return data


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    content_encoding: str | None


def predict_batch(service: Predictor, model_id: str, body: bytes, headers, limit: int) -> Answer:
    """The whole of POST /batch-predictions once the adapter has the raw body and headers.

    Order matters: 415 and 406 before any work, 404 before decoding (the model's
    feature names say which columns to read), then 400/422 from the codec and the domain.
    """
    reader = request_codec(headers.get("content-type"))
    writer = response_codec(headers.get("accept"))
    data = decompress(body, headers.get("content-encoding"), limit)
    model = service.get_model(model_id)
    rows = reader.decode_rows(data, list(model.feature_names))
    result = service.predict_batch(model.id, rows)
    payload = writer.encode_result(result)
    if "gzip" in (headers.get("accept-encoding") or "").lower():
        return Answer(gzip.compress(payload, compresslevel=6, mtime=0), writer.media_type, "gzip")
    return Answer(payload, writer.media_type, None)

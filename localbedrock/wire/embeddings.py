"""Embedding bodies: Titan Text Embeddings V2 and V1, Cohere Embed v3."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from localbedrock.catalog import COHERE_EMBED, TITAN_EMBED_V1, TITAN_EMBED_V2, ModelProfile
from localbedrock.model import EmbeddingRequest, EmbeddingResult
from localbedrock.wire.body import Field
from localbedrock.wire.codec import Body

COHERE_INPUT_TYPES = ("search_document", "search_query", "classification", "clustering")
COHERE_TYPES = ("float", "int8", "uint8", "binary", "ubinary")


@dataclass(frozen=True)
class EmbeddingCodec:
    schema: Callable[[ModelProfile], dict[str, Field]]
    parse: Callable[[Body, ModelProfile], EmbeddingRequest]
    render: Callable[[EmbeddingResult, Body], Body]


def _bits(vector: tuple[float, ...]) -> list[int]:
    return [1 if x > 0 else 0 for x in vector]


def _packed(vector: tuple[float, ...], signed: bool) -> list[int]:
    bits = _bits(vector)
    out = []
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i : i + 8])).ljust(8, "0"), 2)
        out.append(byte - 128 if signed else byte)
    return out


def _quantised(vector: tuple[float, ...], signed: bool) -> list[int]:
    peak = max((abs(x) for x in vector), default=0.0) or 1.0
    if signed:
        return [round(x / peak * 127) for x in vector]
    return [round((x / peak + 1) / 2 * 255) for x in vector]


# -- Titan V2 ----------------------------------------------------------------------------------------------------


def _titan_v2_schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "inputText": Field(("string",), required=True, min_length=1),
        "dimensions": Field(("integer",), enum=profile.embedding_dimensions),
        "normalize": Field(("boolean",)),
        "embeddingTypes": Field(("array",), items=Field(("string",), enum=("float", "binary"))),
    }


def _titan_v2_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(
        model_id=profile.model_id,
        texts=(body["inputText"],),
        dimensions=body.get("dimensions", 1024),
        normalize=body.get("normalize", True),
    )


def _titan_v2_render(result: EmbeddingResult, body: Body) -> Body:
    vector = result.vectors[0]
    by_type: Body = {}
    for kind in body.get("embeddingTypes") or ["float"]:
        by_type[kind] = list(vector) if kind == "float" else _bits(vector)
    return {"embedding": list(vector), "embeddingsByType": by_type, "inputTextTokenCount": result.input_tokens}


# -- Titan V1 ----------------------------------------------------------------------------------------------------


def _titan_v1_schema(profile: ModelProfile) -> dict[str, Field]:
    return {"inputText": Field(("string",), required=True, min_length=1)}


def _titan_v1_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(profile.model_id, (body["inputText"],), profile.embedding_dimensions[0])


def _titan_v1_render(result: EmbeddingResult, body: Body) -> Body:
    return {"embedding": list(result.vectors[0]), "inputTextTokenCount": result.input_tokens}


# -- Cohere Embed v3 ---------------------------------------------------------------------------------------------


def _cohere_schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "texts": Field(("array",), required=True, min_length=1, max_items=96, items=Field(("string",))),
        "input_type": Field(("string",), required=True, enum=COHERE_INPUT_TYPES),
        "truncate": Field(("string",), enum=("NONE", "START", "END")),
        "embedding_types": Field(("array",), items=Field(("string",), enum=COHERE_TYPES)),
        "images": Field(("array",)),
    }


def _cohere_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(
        model_id=profile.model_id,
        texts=tuple(body["texts"]),
        dimensions=profile.embedding_dimensions[0],
        input_type=body["input_type"],
    )


def _cohere_render(result: EmbeddingResult, body: Body) -> Body:
    digest = hashlib.sha256(repr((result.vectors, body.get("input_type"))).encode()).digest()
    out: Body = {"id": str(uuid.UUID(bytes=digest[:16])), "texts": list(body["texts"])}
    kinds = body.get("embedding_types")
    if not kinds:
        return out | {"response_type": "embeddings_floats", "embeddings": [list(v) for v in result.vectors]}
    encoders: dict[str, Callable[[tuple[float, ...]], list]] = {
        "float": list,
        "int8": lambda v: _quantised(v, True),
        "uint8": lambda v: _quantised(v, False),
        "binary": lambda v: _packed(v, True),
        "ubinary": lambda v: _packed(v, False),
    }
    by_type = {kind: [encoders[kind](v) for v in result.vectors] for kind in kinds}
    return out | {"response_type": "embeddings_by_type", "embeddings": by_type}


CODECS: dict[str, EmbeddingCodec] = {
    TITAN_EMBED_V2: EmbeddingCodec(_titan_v2_schema, _titan_v2_parse, _titan_v2_render),
    TITAN_EMBED_V1: EmbeddingCodec(_titan_v1_schema, _titan_v1_parse, _titan_v1_render),
    COHERE_EMBED: EmbeddingCodec(_cohere_schema, _cohere_parse, _cohere_render),
}

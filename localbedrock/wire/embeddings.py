"""Embedding bodies: Titan Text Embeddings V2 and V1, Cohere Embed v3."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from localbedrock.catalog import COHERE_EMBED, TITAN_EMBED_V1, TITAN_EMBED_V2, ModelProfile
from localbedrock.errors import ValidationError
from localbedrock.model import EmbeddingRequest, EmbeddingResult
from localbedrock.tokens import count_tokens, split_tokens, truncate
from localbedrock.wire.body import Field
from localbedrock.wire.codec import Body

COHERE_INPUT_TYPES = ("search_document", "search_query", "classification", "clustering")
COHERE_TYPES = ("float", "int8", "uint8", "binary", "ubinary")
# Input limits (AWS Bedrock User Guide, model parameters for Titan Embeddings and Cohere Embed, checked 2026-12-05):
# Titan Text Embeddings V2 takes up to 8,192 tokens and 50,000 characters, Titan Embeddings G1 8,192 tokens (the
# emulator applies the same 50,000 characters); Cohere Embed v3 up to 2,048 characters a text and 512 tokens, longer
# texts cut at the end (``truncate`` END, the default) or the start, or refused (NONE).
TITAN_MAX_CHARACTERS = 50_000
TITAN_MAX_TOKENS = 8192
COHERE_MAX_CHARACTERS = 2048
COHERE_MAX_TOKENS = 512


def _titan_tokens(text: str) -> str:
    tokens = count_tokens(text)
    if tokens > TITAN_MAX_TOKENS:
        raise ValidationError(
            f"400 Bad Request: Too many input tokens. Max input tokens: {TITAN_MAX_TOKENS}, request input token "
            f"count: {tokens} "
        )
    return text


def _cohere_text(text: str, mode: str) -> str:
    if count_tokens(text) <= COHERE_MAX_TOKENS:
        return text
    if mode == "NONE":
        raise ValidationError(
            f"Malformed input request: #/texts: a text has more than {COHERE_MAX_TOKENS} tokens and truncate is NONE, "
            "please reformat your input and try again."
        )
    if mode == "START":
        return "".join(split_tokens(text)[-COHERE_MAX_TOKENS:])
    return truncate(text, COHERE_MAX_TOKENS)[0]


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
        "inputText": Field(("string",), required=True, min_length=1, max_length=TITAN_MAX_CHARACTERS),
        "dimensions": Field(("integer",), enum=profile.embedding_dimensions),
        "normalize": Field(("boolean",)),
        "embeddingTypes": Field(("array",), items=Field(("string",), enum=("float", "binary"))),
    }


def _titan_v2_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(
        model_id=profile.model_id,
        texts=(_titan_tokens(body["inputText"]),),
        dimensions=body.get("dimensions", 1024),
        normalize=body.get("normalize", True),
    )


def _titan_v2_render(result: EmbeddingResult, body: Body) -> Body:
    vector = result.vectors[0]
    floats = list(vector)  # one list in both places: the body writer encodes it once (wire/jsonbody.py)
    by_type: Body = {}
    for kind in body.get("embeddingTypes") or ["float"]:
        by_type[kind] = floats if kind == "float" else _bits(vector)
    return {"embedding": floats, "embeddingsByType": by_type, "inputTextTokenCount": result.input_tokens}


# -- Titan V1 ----------------------------------------------------------------------------------------------------


def _titan_v1_schema(profile: ModelProfile) -> dict[str, Field]:
    return {"inputText": Field(("string",), required=True, min_length=1, max_length=TITAN_MAX_CHARACTERS)}


def _titan_v1_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(profile.model_id, (_titan_tokens(body["inputText"]),), profile.embedding_dimensions[0])


def _titan_v1_render(result: EmbeddingResult, body: Body) -> Body:
    return {"embedding": list(result.vectors[0]), "inputTextTokenCount": result.input_tokens}


# -- Cohere Embed v3 ---------------------------------------------------------------------------------------------


_COHERE_TEXT = Field(("string",), max_length=COHERE_MAX_CHARACTERS)


def _cohere_schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "texts": Field(
            ("array",),
            required=True,
            min_length=1,
            max_items=96,
            items=Field(("string",), max_length=COHERE_MAX_CHARACTERS),
        ),
        "input_type": Field(("string",), required=True, enum=COHERE_INPUT_TYPES),
        "truncate": Field(("string",), enum=("NONE", "START", "END")),
        "embedding_types": Field(("array",), items=Field(("string",), enum=COHERE_TYPES)),
        "images": Field(("array",)),
    }


def _cohere_parse(body: Body, profile: ModelProfile) -> EmbeddingRequest:
    return EmbeddingRequest(
        model_id=profile.model_id,
        texts=tuple(_cohere_text(t, body.get("truncate", "END")) for t in body["texts"]),
        dimensions=profile.embedding_dimensions[0],
        input_type=body["input_type"],
    )


def _cohere_render(result: EmbeddingResult, body: Body) -> Body:
    # The id is a digest of the vectors and input type: the same request, the same id. The vectors' bytes, not their
    # repr (writing 96 x 1,024 floats as text took about 40 % of a 96-text call).
    vectors = np.asarray(result.vectors, dtype=np.float64).tobytes()
    digest = hashlib.sha256(vectors + str(body.get("input_type")).encode()).digest()
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

"""What every InvokeModel body format provides, and pieces they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from localbedrock.catalog import ModelProfile
from localbedrock.model import TextRequest, TextResult
from localbedrock.tokens import count_tokens
from localbedrock.wire.body import Field
from localbedrock.wire.converse import text_pieces

Body = dict[str, Any]

NUMBER_0_1 = Field(("number",), minimum=0, maximum=1)
STRINGS = Field(("array",), items=Field(("string",)))


@dataclass(frozen=True)
class TextCodec:
    """A family's native text body: its schema, how to read it, and how to write results and stream chunks."""

    schema: Callable[[ModelProfile], dict[str, Field]]
    parse: Callable[[Body, str], TextRequest]
    render: Callable[[TextResult, ModelProfile], Body]
    chunks: Callable[[TextResult, ModelProfile], list[Body]]


@dataclass(frozen=True)
class Piece:
    """One streamed piece of an answer: its text, the output tokens sent so far, and whether it is the last."""

    text: str
    tokens_so_far: int
    last: bool


def pieces(result: TextResult) -> list[Piece]:
    """``result.text`` in stream-sized pieces (at least one, possibly empty)."""
    texts = text_pieces(result.text) or [""]
    out, sent = [], 0
    for i, text in enumerate(texts):
        last = i == len(texts) - 1
        sent = result.output_tokens if last else sent + count_tokens(text)
        out.append(Piece(text, sent, last))
    return out


def invocation_metrics(result: TextResult, first_byte_ms: float) -> Body:
    """The ``amazon-bedrock-invocationMetrics`` object Bedrock adds to the last stream chunk."""
    return {
        "inputTokenCount": result.input_tokens,
        "outputTokenCount": result.output_tokens,
        "invocationLatency": result.latency_ms,
        "firstByteLatency": round(first_byte_ms),
    }

"""Amazon Nova bodies (``schemaVersion: messages-v1``): Converse-shaped messages with ``inferenceConfig``."""

from __future__ import annotations

from localbedrock.catalog import ModelProfile
from localbedrock.model import TextRequest, TextResult
from localbedrock.wire.body import Field
from localbedrock.wire.cache_points import converse_points
from localbedrock.wire.codec import NUMBER_0_1, STRINGS, Body, TextCodec, invocation_metrics
from localbedrock.wire.converse import document_text, messages_from, text_pieces, tool_result_text

_TEXT_BLOCK = Field(("object",), extra=True)
_SYSTEM_BLOCK = Field(("object",), fields={"text": Field(("string",)), "cachePoint": Field(("object",), extra=True)})
_MESSAGE = Field(
    ("object",),
    fields={
        "role": Field(("string",), required=True, enum=("user", "assistant")),
        "content": Field(("array",), required=True, items=_TEXT_BLOCK),
    },
)


def schema(profile: ModelProfile) -> dict[str, Field]:
    tokens = Field(("integer",), minimum=1, maximum=profile.max_output_tokens)
    config = {
        "maxTokens": tokens,
        "max_new_tokens": tokens,
        "temperature": NUMBER_0_1,
        "topP": NUMBER_0_1,
        "topK": Field(("integer",), minimum=0, maximum=128),
        "stopSequences": STRINGS,
    }
    return {
        "schemaVersion": Field(("string",), enum=("messages-v1",)),
        "system": Field(("array",), items=_SYSTEM_BLOCK),
        "messages": Field(("array",), required=True, items=_MESSAGE),
        "inferenceConfig": Field(("object",), fields=config),
        "toolConfig": Field(("object",)),
    }


def parse(body: Body, model_id: str) -> TextRequest:
    config = body.get("inferenceConfig") or {}
    return TextRequest(
        model_id=model_id,
        messages=messages_from(body["messages"]),
        system=tuple(b["text"] for b in body.get("system") or () if "text" in b),
        max_tokens=config.get("maxTokens", config.get("max_new_tokens")),
        temperature=config.get("temperature"),
        top_p=config.get("topP"),
        top_k=config.get("topK"),
        stop_sequences=tuple(config.get("stopSequences") or ()),
        cache_points=converse_points(body, document_text, tool_result_text),
    )


def _usage(result: TextResult) -> Body:
    return {
        "inputTokens": result.uncached_input_tokens,
        "outputTokens": result.output_tokens,
        "totalTokens": result.total_tokens,
        "cacheReadInputTokenCount": result.cache_read_tokens,
        "cacheWriteInputTokenCount": result.cache_write_tokens,
    }


def render(result: TextResult, profile: ModelProfile) -> Body:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": result.text}]}},
        "stopReason": result.stop_reason,
        "usage": _usage(result),
    }


def chunks(result: TextResult, profile: ModelProfile) -> list[Body]:
    out: list[Body] = [{"messageStart": {"role": "assistant"}}]
    out += [{"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}} for p in text_pieces(result.text)]
    out += [
        {"contentBlockStop": {"contentBlockIndex": 0}},
        {"messageStop": {"stopReason": result.stop_reason}},
        {
            "metadata": {"usage": _usage(result), "metrics": {}, "trace": {}},
            "amazon-bedrock-invocationMetrics": invocation_metrics(result, profile.latency.first_token_ms),
        },
    ]
    return out


CODEC = TextCodec(schema, parse, render, chunks)

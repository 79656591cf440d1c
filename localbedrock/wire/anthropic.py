"""Anthropic Claude messages API bodies (``anthropic_version: bedrock-2023-05-31``)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from localbedrock.catalog import ModelProfile
from localbedrock.model import Message, TextRequest, TextResult, Tool
from localbedrock.wire.body import Field
from localbedrock.wire.cache_points import anthropic_points
from localbedrock.wire.codec import NUMBER_0_1, STRINGS, Body, TextCodec, invocation_metrics
from localbedrock.wire.converse import messages_from, text_pieces

_CONTENT = Field(("string", "array"), required=True)
_MESSAGE = Field(
    ("object",), fields={"role": Field(("string",), required=True, enum=("user", "assistant")), "content": _CONTENT}
)


def schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "anthropic_version": Field(("string",), required=True, enum=("bedrock-2023-05-31",)),
        "max_tokens": Field(("integer",), required=True, minimum=1, maximum=profile.max_output_tokens),
        "messages": Field(("array",), required=True, items=_MESSAGE),
        "system": Field(("string", "array")),
        "temperature": NUMBER_0_1,
        "top_p": NUMBER_0_1,
        "top_k": Field(("integer",), minimum=0, maximum=500),
        "stop_sequences": STRINGS,
        "tools": Field(("array",)),
        "tool_choice": Field(("object",)),
        "metadata": Field(("object",)),
        "anthropic_beta": STRINGS,
    }


def _as_blocks(content: Any) -> list[dict[str, Any]]:
    """Anthropic content as Converse-style blocks: text, and tool results (tool_use turns carry no text)."""
    if isinstance(content, str):
        return [{"text": content}]
    blocks: list[dict[str, Any]] = []
    for block in content:
        kind = block.get("type", "text") if isinstance(block, dict) else None
        if kind == "text":
            blocks.append({"text": block.get("text", "")})
        elif kind == "tool_result":
            inner = block.get("content", "")
            parts = [{"text": inner}] if isinstance(inner, str) else [{"text": c.get("text", "")} for c in inner]
            blocks.append({"toolResult": {"toolUseId": block.get("tool_use_id", "tool"), "content": parts}})
        elif kind == "tool_use":
            blocks.append({"toolUse": block})
    return blocks


def _tools(body: Body) -> tuple[tuple[Tool, ...], str | None]:
    tools = tuple(
        Tool(t.get("name", ""), t.get("description", ""), t.get("input_schema") or {})
        for t in body.get("tools") or []
        if isinstance(t, dict)
    )
    choice = body.get("tool_choice") or {}
    kind = choice.get("type")
    return tools, choice.get("name") if kind == "tool" else kind if kind in ("any", "auto") else None


def parse(body: Body, model_id: str) -> TextRequest:
    raw = [{"role": m["role"], "content": _as_blocks(m["content"])} for m in body["messages"]]
    system = body.get("system") or ()
    if not isinstance(system, str):
        system = "\n".join(b.get("text", "") for b in system if isinstance(b, dict))
    messages: tuple[Message, ...] = messages_from(raw)
    tools, tool_choice = _tools(body)
    return TextRequest(
        model_id=model_id,
        messages=messages,
        system=(system,) if system else (),
        max_tokens=body["max_tokens"],
        temperature=body.get("temperature"),
        top_p=body.get("top_p"),
        top_k=body.get("top_k"),
        stop_sequences=tuple(body.get("stop_sequences") or ()),
        tools=tools,
        tool_choice=tool_choice,
        cache_points=anthropic_points(body),
    )


def _message_id(result: TextResult) -> str:
    return "msg_bdrk_" + hashlib.sha256(result.text.encode()).hexdigest()[:24]


def _api_model(profile: ModelProfile) -> str:
    return profile.model_id.removeprefix("anthropic.").rsplit("-v", 1)[0]


def _usage(result: TextResult) -> Body:
    """Anthropic's usage: ``input_tokens`` leaves out what was read from or written to the cache."""
    usage: Body = {"input_tokens": result.uncached_input_tokens, "output_tokens": result.output_tokens}
    if result.cache_read_tokens or result.cache_write_tokens:
        usage["cache_creation_input_tokens"] = result.cache_write_tokens
        usage["cache_read_input_tokens"] = result.cache_read_tokens
    return usage


def render(result: TextResult, profile: ModelProfile) -> Body:
    return {
        "id": _message_id(result),
        "type": "message",
        "role": "assistant",
        "model": _api_model(profile),
        "content": [{"type": "text", "text": result.text}]
        + [{"type": "tool_use", "id": c.tool_use_id, "name": c.name, "input": c.input} for c in result.tool_calls],
        "stop_reason": result.stop_reason,
        "stop_sequence": result.stop_sequence,
        "usage": _usage(result),
    }


def chunks(result: TextResult, profile: ModelProfile) -> list[Body]:
    start = {
        "id": _message_id(result),
        "type": "message",
        "role": "assistant",
        "model": _api_model(profile),
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": _usage(result) | {"output_tokens": 1},
    }
    out: list[Body] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    ]
    out += [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        for piece in text_pieces(result.text)
    ]
    out.append({"type": "content_block_stop", "index": 0})
    for index, call in enumerate(result.tool_calls, start=1):
        block = {"type": "tool_use", "id": call.tool_use_id, "name": call.name, "input": {}}
        out += [
            {"type": "content_block_start", "index": index, "content_block": block},
            {
                "type": "content_block_delta",
                "index": index,
                "delta": {"type": "input_json_delta", "partial_json": json.dumps(call.input)},
            },
            {"type": "content_block_stop", "index": index},
        ]
    out += [
        {
            "type": "message_delta",
            "delta": {"stop_reason": result.stop_reason, "stop_sequence": result.stop_sequence},
            "usage": {"output_tokens": result.output_tokens},
        },
        {
            "type": "message_stop",
            "amazon-bedrock-invocationMetrics": invocation_metrics(result, profile.latency.first_token_ms),
        },
    ]
    return out


CODEC = TextCodec(schema, parse, render, chunks)

"""Converse and ConverseStream: parameters → :class:`TextRequest`, :class:`TextResult` → response and events."""

from __future__ import annotations

import json
import re
from typing import Any

from localbedrock.errors import ValidationError
from localbedrock.model import Document, Message, TextRequest, TextResult, Tool
from localbedrock.tokens import split_tokens
from localbedrock.wire.cache_points import converse_points

FIRST_TURN = (
    "A conversation must start with a user message. Try again with a conversation that starts with a user message."
)
ALTERNATE = (
    "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between "
    "user and assistant roles and try again."
)
DOCUMENT_NAME = (
    "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, "
    "and square brackets. The name can't contain more than one consecutive whitespace character."
)
_DOCUMENT_NAME = re.compile(r"[\w\s()\[\]-]+")
TOKENS_PER_DELTA = 4


def document_text(doc: dict[str, Any]) -> str:
    """A document's text. Bytes are read as UTF-8 text: binary formats (PDF, Word, Excel) are not parsed, so an
    undecodable document reads as empty and grounds nothing."""
    name = str(doc.get("name", ""))
    if not _DOCUMENT_NAME.fullmatch(name) or "  " in name:
        raise ValidationError(DOCUMENT_NAME)
    source = doc.get("source") or {}
    if "text" in source:
        return str(source["text"])
    if "bytes" in source:
        raw = source["bytes"]
        try:
            return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        except UnicodeDecodeError:
            return ""
    if "content" in source:
        return "\n".join(str(block.get("text", "")) for block in source["content"])
    return ""


def tool_result_text(content: dict[str, Any]) -> str:
    """A tool result block as prose: JSON objects become "key: value" sentences."""
    if "text" in content:
        return str(content["text"])
    if "json" in content:
        value = content["json"]
        if isinstance(value, dict):
            return (
                "; ".join(f"{k}: {json.dumps(v) if isinstance(v, dict | list) else v}" for k, v in value.items()) + "."
            )
        return json.dumps(value)
    return ""


def _block_texts(blocks: list[dict[str, Any]]) -> tuple[list[str], list[Document]]:
    texts, docs = [], []
    for block in blocks:
        if "text" in block:
            texts.append(str(block["text"]))
        elif "document" in block:
            doc = block["document"]
            docs.append(Document(str(doc.get("name", "document")), document_text(doc)))
        elif "toolResult" in block:
            result = block["toolResult"]
            text = "\n".join(tool_result_text(c) for c in result.get("content", []))
            docs.append(Document(str(result.get("toolUseId", "tool")), text, tool_result=True))
        elif "guardContent" in block:
            texts.append(str(block["guardContent"].get("text", {}).get("text", "")))
    return texts, docs


def messages_from(raw: list[dict[str, Any]], path: str = "messages") -> tuple[Message, ...]:
    """Converse-style messages (also Nova's messages-v1) as domain messages, with Bedrock's conversation checks."""
    if not raw or raw[0].get("role") != "user":
        raise ValidationError(FIRST_TURN)
    out = []
    for i, message in enumerate(raw):
        role = message.get("role")
        if role not in ("user", "assistant") or (i and role == raw[i - 1].get("role")):
            raise ValidationError(ALTERNATE)
        content = message.get("content") or []
        if not content:
            raise ValidationError(
                f"The content field in the Message object at {path}.{i} is empty. "
                "Add a ContentBlock object to the content field and try again."
            )
        texts, docs = _block_texts(content)
        out.append(Message(role, "\n".join(texts), tuple(docs)))
    return tuple(out)


def _tools(config: dict[str, Any]) -> tuple[tuple[Tool, ...], str | None]:
    tools = tuple(
        Tool(spec["name"], spec.get("description", ""), (spec.get("inputSchema") or {}).get("json") or {})
        for spec in (t.get("toolSpec") for t in config.get("tools") or [])
        if spec
    )
    choice = config.get("toolChoice") or {}
    named = (choice.get("tool") or {}).get("name")
    return tools, named or ("any" if "any" in choice else "auto" if tools else None)


def to_request(params: dict[str, Any]) -> TextRequest:
    config = params.get("inferenceConfig") or {}
    tools, tool_choice = _tools(params.get("toolConfig") or {})
    extra = params.get("additionalModelRequestFields") or {}
    system = tuple(str(b["text"]) for b in params.get("system") or [] if "text" in b)
    return TextRequest(
        model_id=params["modelId"],
        messages=messages_from(params.get("messages") or []),
        system=system,
        max_tokens=config.get("maxTokens"),
        temperature=config.get("temperature"),
        top_p=config.get("topP"),
        top_k=extra.get("top_k") if isinstance(extra, dict) else None,
        stop_sequences=tuple(config.get("stopSequences") or ()),
        tools=tools,
        tool_choice=tool_choice,
        cache_points=converse_points(params, document_text, tool_result_text),
    )


def _usage(result: TextResult) -> dict[str, int]:
    """Usage as Bedrock reports it: ``inputTokens`` leaves out the tokens read from or written to the cache;
    ``totalTokens`` counts them all."""
    usage = {
        "inputTokens": result.uncached_input_tokens,
        "outputTokens": result.output_tokens,
        "totalTokens": result.total_tokens,
    }
    if result.cache_read_tokens or result.cache_write_tokens:
        usage["cacheReadInputTokens"] = result.cache_read_tokens
        usage["cacheWriteInputTokens"] = result.cache_write_tokens
    return usage


def _content(result: TextResult) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"text": result.text}] if result.text or not result.tool_calls else []
    blocks += [
        {"toolUse": {"toolUseId": call.tool_use_id, "name": call.name, "input": call.input}}
        for call in result.tool_calls
    ]
    return blocks


def to_response(result: TextResult) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": _content(result)}},
        "stopReason": result.stop_reason,
        "usage": _usage(result),
        "metrics": {"latencyMs": result.latency_ms},
    }


def text_pieces(text: str, tokens_per_piece: int = TOKENS_PER_DELTA) -> list[str]:
    """``text`` in stream-sized pieces (a few tokens each); joined they give back ``text``."""
    tokens = split_tokens(text)
    return ["".join(tokens[i : i + tokens_per_piece]) for i in range(0, len(tokens), tokens_per_piece)]


def to_events(result: TextResult) -> list[dict[str, Any]]:
    """ConverseStream's events for ``result``; their text deltas join to ``result.text``."""
    events: list[dict[str, Any]] = [{"messageStart": {"role": "assistant"}}]
    events += [{"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}} for p in text_pieces(result.text)]
    events.append({"contentBlockStop": {"contentBlockIndex": 0}})
    for index, call in enumerate(result.tool_calls, start=1):
        events += [
            {
                "contentBlockStart": {
                    "start": {"toolUse": {"toolUseId": call.tool_use_id, "name": call.name}},
                    "contentBlockIndex": index,
                }
            },
            {
                "contentBlockDelta": {
                    "delta": {"toolUse": {"input": json.dumps(call.input)}},
                    "contentBlockIndex": index,
                }
            },
            {"contentBlockStop": {"contentBlockIndex": index}},
        ]
    events += [
        {"messageStop": {"stopReason": result.stop_reason}},
        {"metadata": {"usage": _usage(result), "metrics": {"latencyMs": result.latency_ms}}},
    ]
    return events

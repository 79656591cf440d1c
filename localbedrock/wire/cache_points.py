"""Where a request's prompt-cache checkpoints stand: Converse ``cachePoint`` blocks and Anthropic ``cache_control``.

The prompt is read in the order a model caches it (tools, then system, then messages), counting the same texts that
usage counts, so a checkpoint's token count is the share of the request's input tokens before it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from localbedrock.model import CachePoint
from localbedrock.tokens import count_tokens


class PromptPrefix:
    """The prompt read so far: its token count and a key that identifies it exactly."""

    def __init__(self) -> None:
        self.tokens = 0
        self._key = hashlib.sha256()
        self.points: list[CachePoint] = []

    def add(self, part: str, text: str) -> None:
        """Read ``text`` (counted for usage) from ``part`` (a role or field name that only shapes the key)."""
        self.tokens += count_tokens(text)
        self._key.update(f"\x1e{part}\x1f{text}".encode())

    def add_tool(self, name: str, description: str, schema: Any) -> None:
        self.add("tool", f"{name} {description} {json.dumps(schema)}")

    def mark(self, field: str, ttl: str | None) -> None:
        """A checkpoint here."""
        self.points.append(CachePoint(self.tokens, self._key.copy().hexdigest(), field, ttl or "5m"))


def converse_points(params: dict[str, Any], document_text: Any, tool_result_text: Any) -> tuple[CachePoint, ...]:
    """The checkpoints of a Converse request (``cachePoint`` blocks in tools, system and messages)."""
    prefix = PromptPrefix()
    for tool in (params.get("toolConfig") or {}).get("tools") or []:
        if "toolSpec" in tool:
            spec = tool["toolSpec"]
            schema = (spec.get("inputSchema") or {}).get("json") or {}
            prefix.add_tool(spec["name"], spec.get("description", ""), schema)
        elif "cachePoint" in tool:
            prefix.mark("tools", tool["cachePoint"].get("ttl"))
    for block in params.get("system") or []:
        if "text" in block:
            prefix.add("system", str(block["text"]))
        elif "cachePoint" in block:
            prefix.mark("system", block["cachePoint"].get("ttl"))
    for message in params.get("messages") or []:
        role = str(message.get("role"))
        for block in message.get("content") or []:
            if "text" in block:
                prefix.add(role, str(block["text"]))
            elif "document" in block:
                prefix.add(role, document_text(block["document"]))
            elif "toolResult" in block:
                prefix.add(role, "\n".join(tool_result_text(c) for c in block["toolResult"].get("content", [])))
            elif "cachePoint" in block:
                prefix.mark("messages", block["cachePoint"].get("ttl"))
    return tuple(prefix.points)


def _ttl(block: Any) -> str | None:
    control = block.get("cache_control") if isinstance(block, dict) else None
    return (control.get("ttl") or "5m") if isinstance(control, dict) else None


def anthropic_points(body: dict[str, Any]) -> tuple[CachePoint, ...]:
    """The checkpoints of an Anthropic messages body: a ``cache_control`` closes the block that carries it."""
    prefix = PromptPrefix()
    for tool in body.get("tools") or []:
        if isinstance(tool, dict):
            prefix.add_tool(tool.get("name", ""), tool.get("description", ""), tool.get("input_schema") or {})
            if (ttl := _ttl(tool)) is not None:
                prefix.mark("tools", ttl)
    system = body.get("system") or []
    for block in [{"text": system}] if isinstance(system, str) else system:
        if isinstance(block, dict):
            prefix.add("system", str(block.get("text", "")))
            if (ttl := _ttl(block)) is not None:
                prefix.mark("system", ttl)
    for message in body.get("messages") or []:
        content = message.get("content")
        for block in [{"text": content}] if isinstance(content, str) else content or []:
            if not isinstance(block, dict):
                continue
            inner = block.get("content", "")
            if block.get("type") == "tool_result":
                text = inner if isinstance(inner, str) else "\n".join(c.get("text", "") for c in inner)
            else:
                text = str(block.get("text", ""))
            prefix.add(str(message.get("role")), text)
            if (ttl := _ttl(block)) is not None:
                prefix.mark("messages", ttl)
    return tuple(prefix.points)

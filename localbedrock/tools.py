"""Simulated tool use: whether a request calls one of its tools, which one, and with what input.

A tool is called when the question shares words with the tool's name and description (or the request forces a
tool), and the last turn does not already carry tool results; its input is filled from the question, property by
property, following the tool's JSON schema.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from localbedrock.extraction import extract_field
from localbedrock.lexicon import STOP_WORDS, content_terms
from localbedrock.model import TextRequest, Tool, ToolCall

_ENTITY_KEYS = re.compile(r"location|city|country|place|region|name|person|company|product|brand", re.IGNORECASE)


def _name_words(name: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")


def _entity(query: str) -> str | None:
    names = re.findall(r"\b([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)", query)
    names = [n for n in names if n.lower() not in STOP_WORDS and len(n) > 1]
    return names[-1] if names else None


def _resolved(spec: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with a local ``$ref`` followed and an optional (``anyOf`` with null) reduced to its type."""
    if "$ref" in spec:
        spec = definitions.get(spec["$ref"].rsplit("/", 1)[-1], {})
    options = [option for option in spec.get("anyOf", []) if option.get("type") != "null"]
    return _resolved(options[0], definitions) if options else spec


def _value(key: str, spec: dict[str, Any], query: str, definitions: dict[str, Any]) -> Any:
    spec = _resolved(spec, definitions)
    kind = spec.get("type", "object" if "properties" in spec else "string")
    if kind == "object":
        return _fill(spec, query, definitions)  # a nested schema (pydantic models inside models)
    if "enum" in spec:
        lowered = query.lower()
        return next((v for v in spec["enum"] if str(v).lower() in lowered), spec["enum"][0])
    if kind in ("number", "integer"):
        number = re.search(r"-?\d+(?:\.\d+)?", query)
        value = float(number.group(0)) if number else 1
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return not re.search(r"\b(?:no|not|without|don't)\b", query, re.IGNORECASE)
    if kind == "array":
        items = _resolved(spec.get("items", {}), definitions)
        if items.get("type") == "object" or "properties" in items:
            return [_fill(items, query, definitions)]
        return [w for w in re.findall(r"[\w'-]+", query) if w.lower() not in STOP_WORDS][:3]
    found = extract_field(key, query)
    if found is None and _ENTITY_KEYS.search(key):
        found = _entity(query)
    return found if found is not None else query.strip().rstrip("?.!")


def _fill(schema: dict[str, Any], query: str, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    wanted = schema.get("required") or list(properties)
    return {key: _value(key, properties.get(key, {}), query, definitions) for key in wanted}


def arguments(tool: Tool, query: str) -> dict[str, Any]:
    """The tool's input for ``query``: its required properties (all, when none are marked required), nested objects
    filled the same way."""
    schema = tool.input_schema
    return _fill(schema, query, {**schema.get("definitions", {}), **schema.get("$defs", {})})


def choose_tool(request: TextRequest, query: str) -> ToolCall | None:
    """The tool call the simulated model makes for ``request``, or None to answer in text."""
    if not request.tools or not request.messages:
        return None
    if any(d.tool_result for d in request.messages[-1].documents):
        return None  # the results are in: answer from them
    by_name = {t.name: t for t in request.tools}
    question = set(content_terms(query))

    def relevance(tool: Tool) -> int:
        return len(question & set(content_terms(f"{_name_words(tool.name)} {tool.description}")))

    choice = request.tool_choice
    if choice in by_name:
        tool = by_name[choice]
    else:
        tool = max(request.tools, key=relevance)  # the first of equals: deterministic
        if relevance(tool) == 0 and choice != "any":
            return None
    inputs = arguments(tool, query)
    digest = hashlib.sha256(json.dumps([tool.name, inputs, query], sort_keys=True).encode()).hexdigest()
    return ToolCall(f"tooluse_{digest[:22]}", tool.name, inputs)

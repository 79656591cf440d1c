"""Simulated tool use: whether a request calls one of its tools, which one, and with what input.

A tool is called when the question shares words with the tool's name and description (or the request forces a
tool), and the last turn does not already carry tool results. Its input follows the tool's JSON schema, as a
capable model's does: nested objects are objects, arrays hold items of their declared type, enums take one of their
values, numbers are numbers (never a piece of a code such as "KW-1") and codes are strings; every required property
is filled, an optional one only when the question states it. ``$ref``/``$defs`` (Pydantic, LangChain's
``with_structured_output``), ``anyOf`` with null (optional fields) and ``allOf`` are read.
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
_CODE_KEYS = re.compile(r"code|sku|\bid\b|_id$|^id$|identifier|number|reference|model", re.IGNORECASE)
_CODE = re.compile(r"#?\b[A-Z]{1,6}-?\d[\w-]*\b|#\w+")
# A number standing alone: not the tail of a code ("KW-1") nor part of a word.
_NUMBER = re.compile(r"(?<![\w.-])(?:-(?=\d))?\d+(?:[.,]\d+)?(?![\w-])")
_MONEY = re.compile(r"[$€£]\s?(\d[\d,]*(?:\.\d+)?)")
_WHOLE_QUERY_KEYS = re.compile(r"query|question|text|message|search|prompt|input|request", re.IGNORECASE)


def _name_words(name: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")


def _entity(query: str) -> str | None:
    names = re.findall(r"\b([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)", query)
    names = [n for n in names if n.lower() not in STOP_WORDS and len(n) > 1 and not re.search(r"\d", n)]
    return names[-1] if names else None


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed, ``allOf`` merged and an optional ``anyOf``/``oneOf`` reduced to its
    non-null choice."""
    for _ in range(10):  # refs to refs, without looping forever on a cycle
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            merged = {**_resolve(part, root), **merged}
        schema = merged
    for choice in ("anyOf", "oneOf"):
        if choice in schema:
            options = [_resolve(o, root) for o in schema[choice]]
            chosen = next((o for o in options if o.get("type") != "null"), options[0] if options else {})
            schema = {**chosen, **{k: v for k, v in schema.items() if k != choice}}
    return schema


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind:
        return str(kind)
    return "object" if "properties" in schema else "array" if "items" in schema else "string"


def _enum_value(options: list[Any], query: str) -> Any:
    lowered = query.lower()
    named = [v for v in options if str(v).lower() in lowered]
    if named:
        return max(named, key=lambda v: len(str(v)))
    terms = set(content_terms(query))
    scores = [len(terms & set(content_terms(_name_words(str(v))))) for v in options]
    return options[scores.index(max(scores))]


def _number(key: str, query: str, kind: str) -> float | int | None:
    money = _MONEY.search(query) if re.search(r"price|amount|cost|total|budget|fee", key, re.I) else None
    found = money.group(1) if money else next(iter(_NUMBER.findall(_CODE.sub(" ", query))), None)
    if found is None:
        return None
    value = float(found.replace(",", "")) if found.count(",") != 1 or "." in found else float(found.replace(",", "."))
    return int(value) if kind == "integer" else value


def _items(query: str) -> list[str]:
    """The things a question enumerates: after a colon, separated by commas and "and"; else its names and codes."""
    tail = query.split(":", 1)[1] if ":" in query else query
    parts = [p.strip(" .?!") for p in re.split(r",|;|\band\b|\bor\b", tail)]
    parts = [" ".join(w for w in p.split() if w.lower() not in STOP_WORDS) for p in parts]
    parts = [p for p in parts if p and len(p.split()) <= 5]
    if len(parts) >= 2:
        return parts
    named = _CODE.findall(query) or re.findall(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*", query)
    return [n for n in named if n.lower() not in STOP_WORDS] or [p for p in parts if p][:1]


def _string(key: str, spec: dict[str, Any], query: str) -> str | None:
    hint = f"{key} {spec.get('description', '')}"
    if spec.get("format") in ("date", "date-time") or re.search(r"date|day", key, re.I):
        found = extract_field("date", query)
        if found:
            return found
    if _CODE_KEYS.search(key):
        code = _CODE.search(query)
        if code:
            return code.group(0)
    found = extract_field(key, query) or extract_field(hint.lower(), query)
    if found is None and _ENTITY_KEYS.search(key):
        found = _entity(query)
    return found


def _value(key: str, spec: dict[str, Any], query: str, root: dict[str, Any], required: bool) -> Any:
    """The value of property ``key`` for ``query``; None when it is optional and the question does not state it."""
    spec = _resolve(spec, root)
    if "const" in spec:
        return spec["const"]
    if spec.get("enum"):
        value = _enum_value(list(spec["enum"]), query)
        stated = str(value).lower() in query.lower()
        return value if required or stated else None
    kind = _kind(spec)
    if kind == "object":
        return _object(spec, query, root)
    if kind == "array":
        items = _resolve(spec.get("items", {}), root)
        item_kind = _kind(items)
        if item_kind in ("number", "integer"):
            values: list[Any] = [
                int(float(n)) if item_kind == "integer" else float(n) for n in _NUMBER.findall(_CODE.sub(" ", query))
            ]
        elif item_kind == "object":
            values = [_object(items, query, root)]
        elif "enum" in items:
            values = [v for v in items["enum"] if str(v).lower() in query.lower()] or [
                _enum_value(items["enum"], query)
            ]
        else:
            values = _items(query)
        minimum = int(spec.get("minItems", 0))
        values = values[: spec.get("maxItems", len(values))]
        return values + values[-1:] * (minimum - len(values)) if values else ([] if required else None)
    if kind in ("number", "integer"):
        number = _number(key, query, kind)
        if number is None and required:
            number = spec.get("default", spec.get("minimum", 1))
            number = int(number) if kind == "integer" else float(number)
        return number
    if kind == "boolean":
        negated = bool(re.search(r"\b(?:no|not|without|don't|never)\b", query, re.IGNORECASE))
        return not negated if required or negated else None
    found = _string(key, spec, query)
    if found is None and required:
        found = query.strip().rstrip("?.!") if _WHOLE_QUERY_KEYS.search(key) or not query.strip() else None
        found = found or _entity(query) or " ".join(content_terms(query)[:4]) or query.strip()
    return found


def _object(schema: dict[str, Any], query: str, root: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required") or properties)
    out: dict[str, Any] = {}
    for key, spec in properties.items():
        value = _value(key, spec if isinstance(spec, dict) else {}, query, root, key in required)
        if value is not None:
            out[key] = value
    return out


def arguments(tool: Tool, query: str) -> dict[str, Any]:
    """The tool's input for ``query``: every required property (all, when none are marked required) and the
    optional ones the question states, each of its schema's type."""
    return _object(tool.input_schema, query, tool.input_schema)


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

"""Structured output: JSON validity by tier and schema (flat above nested), raised by prefilling "{" and by showing
the object; tool input that follows the tool's JSON schema (nested objects, typed arrays, enums, required fields,
product codes kept as strings), as LangChain's ``with_structured_output`` sends it."""

from __future__ import annotations

import json
from functools import cache

import jsonschema

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import (
    NOVA_LITE,
    NOVA_MICRO,
    NOVA_PRO,
    SONNET,
    ask,
    runtime,
    share,
    style_messages,
)
from bedrock_course.data import DATA_DIR, read_jsonl

STRUCTURED_RAG = "Shorten et al. 2024 (StructuredRAG): mean 82.55 % valid, lists and composite objects hardest"
FLAT = 'Extract the customer\'s first name and e-mail address. Answer with only JSON with the keys "name" and "email".'
NESTED = 'Summarise the message. Answer with only JSON with the keys "summary" and "keywords".'
CHATTY = 'Give the customer\'s first name and e-mail address as JSON with the keys "name" and "email".'
SHOWN = 'Extract the customer\'s details. Answer with only JSON like {"name": "Ana", "email": "ana@example.com"}.'

# The JSON schema LangChain sends for a nested Pydantic model (with_structured_output): $defs, refs, enum, arrays.
ORDER_SCHEMA = {
    "type": "object",
    "$defs": {
        "Customer": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
            "required": ["name", "email"],
        },
        "Line": {
            "type": "object",
            "properties": {
                "sku": {"type": "string", "description": "the product code, e.g. KW-1"},
                "quantity": {"type": "integer", "minimum": 1},
            },
            "required": ["sku", "quantity"],
        },
    },
    "properties": {
        "customer": {"$ref": "#/$defs/Customer"},
        "lines": {"type": "array", "items": {"$ref": "#/$defs/Line"}, "minItems": 1},
        "priority": {"type": "string", "enum": ["low", "medium", "high"]},
        "notes": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
    },
    "required": ["customer", "lines", "priority"],
}
ORDER_TOOL = {
    "tools": [
        {
            "toolSpec": {
                "name": "Order",
                "description": "Record a customer's order.",
                "inputSchema": {"json": ORDER_SCHEMA},
            }
        }
    ],
    "toolChoice": {"tool": {"name": "Order"}},
}


def _messages() -> tuple[str, ...]:
    return style_messages()


def _valid_json(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False


def json_valid(model_id: str, instruction: str, prefill: str = "") -> float:
    return share([_valid_json(ask(model_id, f"{instruction}\n\n{m}", prefill=prefill)) for m in _messages()])


@cache
def _tool_inputs(model_id: str) -> tuple[tuple[str, dict], ...]:
    out = []
    for row in read_jsonl(DATA_DIR / "calibration" / "order_requests.jsonl"):
        response = runtime(model_id).converse(
            modelId=model_id,
            messages=[{"role": "user", "content": [{"text": row["message"]}]}],
            toolConfig=ORDER_TOOL,
        )
        call = next(b["toolUse"] for b in response["output"]["message"]["content"] if "toolUse" in b)
        out.append((row["message"], call["input"]))
    return tuple(out)


def schema_valid(model_id: str) -> float:
    """The share of tool inputs valid against the tool's JSON schema."""
    validator = jsonschema.Draft202012Validator(ORDER_SCHEMA)
    return share([validator.is_valid(given) for _, given in _tool_inputs(model_id)])


def codes_kept(model_id: str) -> float:
    """The share of tool inputs whose every line's code is a code written in the message (never a number)."""
    return share(
        [
            all(isinstance(line.get("sku"), str) and line["sku"] in message for line in given.get("lines", []))
            for message, given in _tool_inputs(model_id)
        ]
    )


BEHAVIOURS = [
    Behaviour(
        "format",
        "valid JSON, flat, told only JSON",
        NOVA_MICRO,
        0.75,
        0.95,
        STRUCTURED_RAG,
        lambda: json_valid(NOVA_MICRO, FLAT),
    ),
    Behaviour(
        "format",
        "valid JSON, flat, told only JSON",
        NOVA_LITE,
        0.9,
        1.0,
        STRUCTURED_RAG,
        lambda: json_valid(NOVA_LITE, FLAT),
    ),
    Behaviour(
        "format",
        "valid JSON, with a list, told only JSON",
        NOVA_MICRO,
        0.45,
        0.85,
        STRUCTURED_RAG,
        lambda: json_valid(NOVA_MICRO, NESTED),
    ),
    Behaviour(
        "format",
        "valid JSON, with a list, told only JSON",
        NOVA_PRO,
        0.85,
        1.0,
        STRUCTURED_RAG,
        lambda: json_valid(NOVA_PRO, NESTED),
    ),
    Behaviour(
        "format",
        "valid JSON, not told 'only JSON'",
        NOVA_MICRO,
        0.0,
        0.3,
        "Vendor guidance: small models add a preamble unless told to return only JSON",
        lambda: json_valid(NOVA_MICRO, CHATTY),
    ),
    Behaviour(
        "format",
        "valid JSON, not told 'only JSON', answer prefilled with '{'",
        NOVA_MICRO,
        0.9,
        1.0,
        "Anthropic docs: prefill the assistant turn to force a format",
        lambda: json_valid(NOVA_MICRO, CHATTY, "{"),
    ),
    Behaviour(
        "format",
        "valid JSON, told only JSON, example object shown",
        NOVA_MICRO,
        0.88,
        1.0,
        STRUCTURED_RAG,
        lambda: json_valid(NOVA_MICRO, SHOWN),
    ),
    Behaviour(
        "tools",
        "tool input valid against a nested schema ($defs, enum, array)",
        SONNET,
        0.95,
        1.0,
        "Bedrock Converse tool use: input follows the tool's JSON schema",
        lambda: schema_valid(SONNET),
    ),
    Behaviour(
        "tools",
        "tool input valid against a nested schema ($defs, enum, array)",
        NOVA_MICRO,
        0.9,
        1.0,
        "Bedrock Converse tool use: input follows the tool's JSON schema",
        lambda: schema_valid(NOVA_MICRO),
    ),
    Behaviour(
        "tools",
        "product codes kept as strings (KW-1, never -1)",
        NOVA_LITE,
        1.0,
        1.0,
        "JSON Schema: a string property holds the code as written",
        lambda: codes_kept(NOVA_LITE),
    ),
]

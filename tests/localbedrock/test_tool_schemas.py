"""Simulated tool use fills the schemas structured-output libraries send: nested objects, ``$ref`` to ``$defs``,
optional members (``anyOf`` with null) and lists of objects, as pydantic writes them."""

from __future__ import annotations

from localbedrock.model import Tool
from localbedrock.tools import arguments

ADDRESS = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
    "required": ["city", "country"],
}


def _tool(schema: dict) -> Tool:
    return Tool(name="Person", description="a person", input_schema=schema)


def test_a_nested_object_is_filled_as_an_object():
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "address": ADDRESS},
        "required": ["name", "address"],
    }
    filled = arguments(_tool(schema), "Marie Curie lived in Paris, France.")
    assert isinstance(filled["address"], dict) and set(filled["address"]) == {"city", "country"}


def test_references_optionals_and_lists_of_objects_are_followed():
    schema = {
        "type": "object",
        "$defs": {"Address": ADDRESS},
        "properties": {
            "home": {"$ref": "#/$defs/Address"},
            "office": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
            "previous": {"type": "array", "items": {"$ref": "#/$defs/Address"}},
        },
        "required": ["home", "office", "previous"],
    }
    filled = arguments(_tool(schema), "Marie Curie lived in Paris, France.")
    assert set(filled["home"]) == set(filled["office"]) == {"city", "country"}
    assert isinstance(filled["previous"], list) and set(filled["previous"][0]) == {"city", "country"}

"""Model-specific InvokeModel body schemas, checked with the messages Bedrock returns for malformed bodies:
``Malformed input request: #/temperature: 5.0 is not less or equal to 1.0, please reformat your input and try
again.``"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from localbedrock.errors import ValidationError

_JSON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_TYPE_NAMES = {
    "string": "String",
    "integer": "Integer",
    "number": "Number",
    "boolean": "Boolean",
    "array": "JSONArray",
    "object": "JSONObject",
}


@dataclass(frozen=True)
class Field:
    """One member of a body: accepted JSON types and constraints. ``fields`` closes an object to those keys."""

    types: tuple[str, ...]
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[Any, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    max_items: int | None = None
    fields: dict[str, Field] | None = None
    items: Field | None = None
    extra: bool = field(default=False)  # other keys allowed


def _type_of(value: Any) -> str:
    for name, kinds in _JSON_TYPES.items():
        if isinstance(value, kinds) and not (name in ("integer", "number") and isinstance(value, bool)):
            return name
    return "null"


def _check(value: Any, spec: Field, path: str, problems: list[str]) -> None:
    actual = _type_of(value)
    accepted = spec.types
    if actual == "integer" and "number" in accepted:
        actual = "number"
    if isinstance(value, float) and value.is_integer() and "integer" in accepted:
        actual = "integer"
    if actual not in accepted:
        problems.append(f"{path}: expected type: {_TYPE_NAMES[accepted[0]]}, found: {_TYPE_NAMES.get(actual, 'Null')}")
        return
    if spec.enum is not None and value not in spec.enum:
        problems.append(f"{path}: {value} is not a valid enum value")
    if spec.minimum is not None and actual in ("integer", "number") and value < spec.minimum:
        problems.append(f"{path}: {value} is not greater or equal to {spec.minimum}")
    if spec.maximum is not None and actual in ("integer", "number") and value > spec.maximum:
        problems.append(f"{path}: {value} is not less or equal to {spec.maximum}")
    if spec.min_length is not None and actual in ("string", "array") and len(value) < spec.min_length:
        problems.append(f"{path}: expected minLength: {spec.min_length}, actual: {len(value)}")
    if spec.max_length is not None and actual == "string" and len(value) > spec.max_length:
        problems.append(f"{path}: expected maxLength: {spec.max_length}, actual: {len(value)}")
    if spec.max_items is not None and actual == "array" and len(value) > spec.max_items:
        problems.append(f"{path}: expected maximum item count: {spec.max_items}, found: {len(value)}")
    if actual == "array" and spec.items is not None:
        for i, item in enumerate(value):
            _check(item, spec.items, f"{path}/{i}", problems)
    if actual == "object" and spec.fields is not None:
        check_fields(value, spec.fields, path, problems, spec.extra)


def check_fields(
    value: dict[str, Any], fields: dict[str, Field], path: str, problems: list[str], extra: bool = False
) -> None:
    for name, spec in fields.items():
        if spec.required and name not in value:
            problems.append(f"{path}: required key [{name}] not found")
    for name, item in value.items():
        spec = fields.get(name)
        if spec is None:
            if not extra:
                problems.append(f"{path}: extraneous key [{name}] is not permitted")
        else:
            _check(item, spec, f"{path}/{name}", problems)


def parse_body(raw: bytes | str | None, fields: dict[str, Field]) -> dict[str, Any]:
    """The JSON object in ``raw``, checked against ``fields``; ValidationError like Bedrock's otherwise."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("Malformed input request, please reformat your input and try again.") from None
    if not isinstance(body, dict):
        raise ValidationError(
            "Malformed input request: #: expected type: JSONObject, found: "
            f"{_TYPE_NAMES.get(_type_of(body), 'Null')}, please reformat your input and try again."
        )
    problems: list[str] = []
    check_fields(body, fields, "#", problems)
    if problems:
        raise ValidationError(
            f"Malformed input request: {', '.join(problems)}, please reformat your input and try again."
        )
    return body

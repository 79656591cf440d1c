"""Retrieval filters (``vectorSearchConfiguration.filter``) over a chunk's metadata attributes.

A filter is the RetrievalFilter union of the API: one of ``equals``, ``notEquals``, ``greaterThan``,
``greaterThanOrEquals``, ``lessThan``, ``lessThanOrEquals``, ``in``, ``notIn``, ``startsWith``, ``stringContains``,
``listContains`` (each ``{"key": ..., "value": ...}``), or ``andAll`` / ``orAll`` of at least two filters.
A comparison with an attribute the chunk lacks is false, except ``notEquals`` and ``notIn``, which are true.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from localbedrock.errors import ValidationError

Metadata = dict[str, Any]
Predicate = Callable[[Metadata], bool]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "greaterThan": operator.gt,
    "greaterThanOrEquals": operator.ge,
    "lessThan": operator.lt,
    "lessThanOrEquals": operator.le,
}
_ANY_ATTRIBUTE = frozenset({"equals", "notEquals", "in", "notIn", "startsWith", "stringContains", "listContains"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return float(a) == float(b)
    return bool(a == b)


def _leaf(op: str, key: str, value: Any) -> Predicate:
    if op in _ORDER:
        if not _is_number(value):
            raise ValidationError(f"The value for filter {op} on key '{key}' must be a number.")
        compare = _ORDER[op]
        return lambda m: _is_number(m.get(key)) and compare(m[key], value)
    if op in ("in", "notIn"):
        if not isinstance(value, list):
            raise ValidationError(f"The value for filter {op} on key '{key}' must be a list.")

        def found(m: Metadata) -> bool:
            return key in m and any(_equal(m[key], v) for v in value)

        return found if op == "in" else (lambda m: not found(m))
    if op in ("startsWith", "stringContains") and not isinstance(value, str):
        raise ValidationError(f"The value for filter {op} on key '{key}' must be a string.")
    if op == "equals":
        return lambda m: key in m and _equal(m[key], value)
    if op == "notEquals":
        return lambda m: not (key in m and _equal(m[key], value))
    if op == "startsWith":
        return lambda m: isinstance(m.get(key), str) and m[key].startswith(value)
    if op == "stringContains":
        return lambda m: (
            (isinstance(m.get(key), str) and value in m[key])
            or (isinstance(m.get(key), list) and any(isinstance(v, str) and value in v for v in m[key]))
        )
    return lambda m: isinstance(m.get(key), list) and any(_equal(v, value) for v in m[key])  # listContains


def compile_filter(spec: dict[str, Any] | None) -> Predicate | None:
    """A predicate over metadata for ``spec`` (None: no filter); ValidationError for a malformed filter."""
    if spec is None:
        return None
    members = [(op, arg) for op, arg in spec.items() if arg is not None]
    if len(members) != 1:
        raise ValidationError("A retrieval filter must have exactly one operator.")
    op, arg = members[0]
    if op in ("andAll", "orAll"):
        if not isinstance(arg, list) or len(arg) < 2:
            raise ValidationError(f"The {op} filter must contain at least 2 filters.")
        parts = [compile_filter(item) for item in arg]
        combine = all if op == "andAll" else any
        return lambda m: combine(p(m) for p in parts)  # type: ignore[misc]
    if op not in _ORDER and op not in _ANY_ATTRIBUTE:
        raise ValidationError(f"Unsupported retrieval filter operator: {op}.")
    if not isinstance(arg, dict) or "key" not in arg or "value" not in arg:
        raise ValidationError(f"The {op} filter needs a key and a value.")
    return _leaf(op, arg["key"], arg["value"])

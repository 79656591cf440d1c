"""Constraint checks that botocore's client-side validation skips (``max``, ``enum``, ``pattern``, string length), and
the lower bounds it checks client-side, again, for clients that do not (other SDKs over ``serve``),
driven by the service model, with AWS's message format:
``1 validation error detected: Value '5.0' at 'inferenceConfig.temperature' failed to satisfy constraint: ...``."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.session import get_session

from localbedrock.errors import ValidationError


@cache
def service_model(service: str) -> Any:
    return get_session().get_service_model(service)


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:  # a Java-only construct: leave that pattern to the real service
        return None


def _fmt(value: Any) -> str:
    return str(value).replace("'", "\\'")


def _walk(value: Any, shape: Shape, path: str, problems: list[str], whole: bool) -> None:
    meta = shape.metadata
    where = f"Value '{_fmt(value)}' at '{path}' failed to satisfy constraint: Member must"
    if isinstance(shape, StructureShape):
        if isinstance(value, dict):
            for name, member in shape.members.items():
                if name in value and value[name] is not None:
                    _walk(value[name], member, f"{path}.{name}" if path else name, problems, whole)
        return
    if isinstance(shape, ListShape):
        if isinstance(value, list):
            if "max" in meta and len(value) > meta["max"]:
                problems.append(f"{where} have length less than or equal to {meta['max']}")
            if meta.get("min") and len(value) < meta["min"]:
                problems.append(f"{where} have length greater than or equal to {meta['min']}")
            for i, item in enumerate(value, start=1):
                _walk(item, shape.member, f"{path}.{i}.member", problems, whole)
        return
    if isinstance(shape, MapShape):
        return
    if shape.type_name == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{where} have length less than or equal to {meta['max']}")
        if meta.get("min") and len(value) < meta["min"]:
            problems.append(f"{where} have length greater than or equal to {meta['min']}")
        if shape.enum and value not in shape.enum:
            problems.append(f"{where} satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = meta.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and (compiled.fullmatch if whole else compiled.search)(value) is None:
            problems.append(f"{where} satisfy regular expression pattern: {pattern}")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if "max" in meta and value > meta["max"]:
            problems.append(f"{where} have value less than or equal to {meta['max']}")
        if "min" in meta and value < meta["min"]:
            problems.append(f"{where} have value greater than or equal to {meta['min']}")


def check_constraints(service: str, operation: str, params: dict[str, Any], whole: bool = False) -> None:
    """Raise ValidationError listing every constraint of ``operation``'s input that ``params`` break. ``whole``: a
    pattern must match the whole value, as AWS applies the unanchored patterns of bedrock-agent's model."""
    shape = service_model(service).operation_model(operation).input_shape
    problems: list[str] = []
    if shape is not None:
        _walk(params, shape, "", problems, whole)
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise ValidationError(f"{count} validation {noun} detected: " + "; ".join(problems))

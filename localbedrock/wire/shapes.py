"""Request validation driven by the service model, with AWS's message format.

boto3 validates required members, types and minimums before it sends a request; other SDKs, raw HTTP and the AWS CLI
with its checks off do not, and the service answers. So every constraint of the model is checked here: required
members, types, ``min``/``max`` (lengths and values), ``enum`` and ``pattern``, each problem phrased as AWS phrases it:
``1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null``.
A member the model marks sensitive is named without its value (``Value at 'body' ...``), as AWS does.
A value of the wrong type is a ``SerializationException``, AWS's answer to a body it cannot read into the shape.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from botocore.model import ListShape, MapShape, ServiceModel, Shape, StructureShape
from moto.core.utils import get_service_model

from localbedrock.errors import BedrockError, ValidationError


class SerializationError(BedrockError):
    code = "SerializationException"


@cache
def service_model(service: str) -> Any:
    """botocore's model of ``service``, built on the description moto has parsed and keeps
    (``moto.core.utils.get_service_model``): the same JSON botocore's loader reads, parsed once per process instead
    of twice (about 70 ms a service)."""
    return ServiceModel(get_service_model(service)._service_description, service_name=service)


# A typo in the published bedrock-agent model: ``:/d{12}:`` where ``:\d{12}:`` (an account id) is meant; taken
# literally it would refuse every real knowledge base ARN, which AWS accepts.
_MODEL_TYPOS = ((":/d{12}:", r":\d{12}:"),)


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    for typo, meant in _MODEL_TYPOS:
        pattern = pattern.replace(typo, meant)
    try:
        return re.compile(pattern)
    except re.error:  # a Java-only construct: leave that pattern to the real service
        return None


# Python types a parsed value of each scalar shape may have (moto parses blobs to bytes, timestamps to datetimes).
_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "character": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "short": (int,),
    "byte": (int,),
    "float": (int, float),
    "double": (int, float),
    "bigdecimal": (int, float),
    "biginteger": (int,),
    "blob": (bytes, bytearray, str),
    "timestamp": (datetime.datetime, str, int, float),
}
_CONTAINERS: dict[type, type] = {StructureShape: dict, ListShape: list, MapShape: dict}


@dataclass
class _Check:
    whole: bool
    problems: list[str] = field(default_factory=list)
    mistyped: list[str] = field(default_factory=list)

    def fail(self, value: Any, path: str, rule: str, sensitive: bool) -> None:
        shown = "" if sensitive else f" '{_fmt(value)}'"
        self.problems.append(f"Value{shown} at '{path}' failed to satisfy constraint: Member must {rule}")


def _fmt(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        value = value.decode("utf-8", "replace")
    return str(value).replace("'", "\\'")


def _expected(shape: Shape) -> type | tuple[type, ...] | None:
    for kind, python_type in _CONTAINERS.items():
        if isinstance(shape, kind):
            return python_type
    return _SCALARS.get(shape.type_name)


def _walk(value: Any, shape: Shape, path: str, check: _Check, sensitive: bool) -> None:
    meta = shape.metadata
    sensitive = sensitive or bool(meta.get("sensitive"))
    if isinstance(shape, StructureShape) and getattr(shape, "is_document_type", False):
        return
    expected = _expected(shape)
    if expected is not None and (
        not isinstance(value, expected) or (isinstance(value, bool) and shape.type_name != "boolean")
    ):
        check.mistyped.append(path or shape.name)
        return
    if isinstance(shape, StructureShape):
        for name in shape.required_members:
            if value.get(name) is None:
                check.problems.append(
                    f"Value null at '{_join(path, name)}' failed to satisfy constraint: Member must not be null"
                )
        for name, member in shape.members.items():
            if value.get(name) is not None:
                _walk(value[name], member, _join(path, name), check, sensitive)
        return
    if isinstance(shape, ListShape | MapShape) or shape.type_name in ("string", "blob"):
        _length(value, meta, path, check, sensitive)
    if isinstance(shape, ListShape):
        for i, item in enumerate(value, start=1):
            if item is not None:
                _walk(item, shape.member, f"{path}.{i}.member", check, sensitive)
        return
    if isinstance(shape, MapShape):
        for key, item in value.items():
            _walk(key, shape.key, f"{path}.{key}.key", check, sensitive)
            if item is not None:
                _walk(item, shape.value, f"{path}.{key}.value", check, sensitive)
        return
    if shape.type_name == "string":
        if shape.enum and value not in shape.enum:
            check.fail(value, path, f"satisfy enum value set: [{', '.join(shape.enum)}]", sensitive)
        pattern = meta.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and (compiled.fullmatch if check.whole else compiled.search)(value) is None:
            check.fail(value, path, f"satisfy regular expression pattern: {pattern}", sensitive)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if "min" in meta and value < meta["min"]:
            check.fail(value, path, f"have value greater than or equal to {_number(meta['min'])}", sensitive)
        if "max" in meta and value > meta["max"]:
            check.fail(value, path, f"have value less than or equal to {_number(meta['max'])}", sensitive)


def _length(value: Any, meta: dict[str, Any], path: str, check: _Check, sensitive: bool) -> None:
    size = len(value)
    if "min" in meta and size < meta["min"]:
        check.fail(value, path, f"have length greater than or equal to {_number(meta['min'])}", sensitive)
    if "max" in meta and size > meta["max"]:
        check.fail(value, path, f"have length less than or equal to {_number(meta['max'])}", sensitive)


def _number(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def check_constraints(service: str, operation: str, params: dict[str, Any], whole: bool = False) -> None:
    """Raise ValidationError listing every constraint of ``operation``'s input that ``params`` break, or
    SerializationError when a member has the wrong type. ``whole``: a pattern must match the whole value, as AWS
    applies the unanchored patterns of bedrock-agent's model."""
    shape = service_model(service).operation_model(operation).input_shape
    if shape is None:
        return
    check = _Check(whole)
    _walk(params, shape, "", check, False)
    if check.mistyped:
        raise SerializationError(f"Unexpected type for member '{check.mistyped[0]}' of {operation}'s input.")
    if check.problems:
        count = len(check.problems)
        noun = "error" if count == 1 else "errors"
        raise ValidationError(f"{count} validation {noun} detected: " + "; ".join(check.problems))

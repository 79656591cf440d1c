"""The lean path: the same bytes as moto's generic machinery, written with less work per call.

moto serialises a handler's result dict member by member through its generic ``RestJSONSerializer`` (an attribute
picker that tries half a dozen aliases of every key, a path stack, a wrapper dict per list item), which took more
time than the simulated model behind a Converse call. :class:`LeanResult` writes the JSON of the result with a
plan compiled once per output shape, doing what that serialiser does for the values localbedrock's handlers
produce: members in the shape's order, None members left out, integers as ``int``, floats as ``float`` (so ``3``
in a double member is written ``3.0``), blobs in base64, timestamps through moto's own timestamp serialiser, header
members as moto writes them, a blob or string payload sent as it is. Anything else (an event stream, a structure
payload, a key that is not a member, a value of an unexpected type, a shape whose keys moto's alias rules could
read differently, moto's pretty-printing or response transformers) raises :class:`Unusual` internally and the
result goes to moto's serialiser instead, so the lean path never has to be right about a case it does not know.

``ENABLED`` switches the lean path off (moto's own path for everything); ``tests/localbedrock/test_lean_wire.py``
compares the two, raw HTTP and parsed boto3 response, for every operation it touches.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from botocore import xform_name
from botocore.model import OperationModel, Shape
from moto import settings
from moto.core.common_types import TYPE_RESPONSE
from moto.core.responses import ActionContext, ActionResult
from moto.core.serialize import RestJSONSerializer, TimestampSerializer

ENABLED = True

Encoder = Callable[[Any], Any]


class Unusual(Exception):
    """A result the lean path does not write: moto's serialiser does."""


_TIMESTAMPS = TimestampSerializer(RestJSONSerializer.DEFAULT_TIMESTAMP_FORMAT)
_CONTENT_TYPE = RestJSONSerializer.CONTENT_TYPE


def _exactly(kind: type) -> Encoder:
    """A value of exactly ``kind`` (no subclass: a bool is not an integer here), written as it is."""

    def encode(value: Any) -> Any:
        if type(value) is not kind:
            raise Unusual
        return value

    return encode


_string, _integer, _boolean = _exactly(str), _exactly(int), _exactly(bool)


def _float(value: Any) -> Any:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise Unusual


def _blob(value: Any) -> str:
    if type(value) is str:
        value = value.encode("utf-8")
    elif type(value) is not bytes:
        raise Unusual
    return base64.b64encode(value).strip().decode("utf-8")


def _document(value: Any) -> Any:
    return value


def _unusual(value: Any) -> Any:
    raise Unusual


def _timestamp(shape: Shape) -> Encoder:
    fmt = shape.serialization.get("timestampFormat", _TIMESTAMPS.default_format)

    def encode(value: Any) -> Any:
        return _TIMESTAMPS._convert_timestamp_to_str(value, fmt)

    return encode


_SCALARS: dict[str, Encoder] = {
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "float": _float,
    "double": _float,
    "boolean": _boolean,
    "blob": _blob,
}


def _candidates(key: str, member: Shape, parent: Shape) -> list[str]:
    """The keys moto's ``XFormedAttributePicker`` may read for member ``key`` of ``parent`` in a dict, in order
    (``ExplicitAlias`` needs a ``Meta`` attribute, which a dict has not)."""
    keys: list[str] = []

    def add(alias: str) -> None:
        keys.extend((alias, xform_name(alias)))

    if member.type_name in ("list", "structure") and member.name not in parent.members and key != member.name:
        add(member.name)  # ShapeNameAlias
    add(key)  # NoAlias
    if key.lower().startswith(parent.name.lower()) and key[len(parent.name) :] not in parent.members:
        add(key[len(parent.name) :])  # ShapePrefixAlias
    if key.lower().startswith("dict"):
        add(key[len("dict") :])  # ClassPrefixAlias (the class of a dict is named 'dict')
    name = member.serialization.get("name", key)
    if name != key:
        add(name)  # ModelAlias
    return keys


def _documents_by_key(parent: Shape) -> bool:
    """Whether every document member of ``parent`` is written under its own key (moto ignores its wire name)."""
    return all(
        member.serialization.get("name", key) == key
        for key, member in parent.members.items()
        if getattr(member, "is_document_type", False)
    )


def _plain_keys(parent: Shape) -> bool:
    """Whether moto reads every member of ``parent`` from a dict by its own key and nothing else, given that the
    dict has no key that is not a member: no alias it tries is another member's name, and no key is a dotted path."""
    names = set(parent.members)
    for key, member in parent.members.items():
        for candidate in _candidates(key, member, parent):
            if "." in candidate or (candidate != key and candidate in names):
                return False
    return True


class _Compiler:
    """Encoders for the shapes of one service, each compiled once (recursive shapes included)."""

    def __init__(self) -> None:
        self._done: dict[str, Encoder] = {}

    def encoder(self, shape: Shape) -> Encoder:
        found = self._done.get(shape.name)
        if found is not None:
            return found
        slot: list[Encoder] = []
        self._done[shape.name] = lambda value: slot[0](value)  # a recursive shape refers to itself through this
        built = self._build(shape)
        slot.append(built)
        self._done[shape.name] = built
        return built

    def _build(self, shape: Shape) -> Encoder:
        kind = shape.type_name
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                return _document
            return self._structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        if kind == "timestamp":
            return _timestamp(shape)
        if kind == "string" and shape.serialization.get("jsonvalue"):
            return _unusual
        return _SCALARS.get(kind, _unusual)

    def _structure(self, shape: Shape) -> Encoder:
        if not _plain_keys(shape):
            return _unusual
        names = frozenset(shape.members)
        plan = [
            (key, member.serialization.get("name", key), self.encoder(member))
            for key, member in shape.members.items()
            if "location" not in member.serialization  # header members are only written at the top level
        ]
        if any(name == "body" for _, name, _ in plan[:-1]) or not _documents_by_key(shape):
            # moto writes the members after a nested 'body' into it; and a document under its key, not its name
            return _unusual
        bound = len(plan) != len(shape.members)

        def encode(value: Any) -> Any:
            if type(value) is not dict or not names.issuperset(value):
                raise Unusual
            if bound and any(value.get(k) is not None for k in names.difference(p[0] for p in plan)):
                raise Unusual  # moto drops a nested member bound to a header: rare enough to leave to moto
            out = {}
            for key, name, enc in plan:
                item = value.get(key)
                if item is not None:
                    out[name] = enc(item)
            return out

        return encode

    def _list(self, shape: Shape) -> Encoder:
        member = shape.member
        if member.serialization.get("name", member.name) != member.name:
            return _unusual  # moto would append the raw items
        enc = self.encoder(member)

        def encode(value: Any) -> Any:
            if type(value) is not list:
                raise Unusual
            out = []
            for item in value:
                if item is None:
                    raise Unusual
                out.append(enc(item))
            return out

        return encode

    def _map(self, shape: Shape) -> Encoder:
        if "name" in shape.value.serialization or shape.key.type_name != "string":
            return _unusual
        enc = self.encoder(shape.value)

        def encode(value: Any) -> Any:
            if type(value) is not dict:
                raise Unusual
            out = {}
            for key, item in value.items():
                if type(key) is not str or item is None:
                    raise Unusual
                out[key] = enc(item)
            return out

        return encode


def _header(shape: Shape) -> Callable[[Any], str]:
    """A header member as moto's ``HeaderSerializer`` writes it, for the types localbedrock sends in headers."""
    kind = shape.type_name
    if kind == "string" and not shape.serialization.get("jsonvalue"):
        return _string
    if kind in ("integer", "long"):
        return lambda value: str(_integer(value))
    if kind == "boolean":
        return lambda value: "true" if _boolean(value) else "false"
    return _unusual


OperationPlan = Callable[[Any], tuple[int, dict[str, str], Any]]
_compilers: dict[str, _Compiler] = {}
_plans: dict[tuple[str, str], OperationPlan] = {}


def _operation(operation: OperationModel) -> OperationPlan:
    """The writer of ``operation``'s result: (status, headers, body) as moto's ``RestJSONSerializer`` makes them."""
    status: int = operation.http.get("responseCode", RestJSONSerializer.DEFAULT_RESPONSE_CODE)
    output = operation.output_shape
    if output is None:
        return lambda result: (status, {"Content-Type": _CONTENT_TYPE}, "{}")
    if (
        operation.has_event_stream_output
        or output.type_name != "structure"
        or not _plain_keys(output)
        or not _documents_by_key(output)
    ):
        raise Unusual
    compiler = _compilers.setdefault(operation.service_model.service_name, _Compiler())
    names = frozenset(output.members)
    headers = [
        (key, member.serialization.get("name", key), _header(member))
        for key, member in output.members.items()
        if member.serialization.get("location") in ("header", "headers")
    ]
    if any(member.serialization.get("location") == "headers" for member in output.members.values()):
        raise Unusual
    payload = output.serialization.get("payload")
    if payload is not None and output.members[payload].type_name not in ("blob", "string"):
        raise Unusual
    # moto also writes a blob or string payload into the body it then discards: only its type matters there.
    body = [
        (key, member.serialization.get("name", key), _payload_type if key == payload else compiler.encoder(member))
        for key, member in output.members.items()
        if "location" not in member.serialization
    ]
    # A member bound elsewhere (status code, query string, URI) is not written by moto at all.
    has_body = bool(body)

    def write(result: Any) -> tuple[int, dict[str, str], Any]:
        if type(result) is not dict or not names.issuperset(result):
            raise Unusual
        sent: dict[str, str] = {}
        for key, name, enc in headers:
            value = result.get(key)
            if value is not None:
                sent[name] = enc(value)
        members = {}
        for key, name, enc in body:
            value = result.get(key)
            if value is not None:
                members[name] = enc(value)
        out: dict[str, str] = {}
        if payload is not None:
            content: Any = result.get(payload)
        elif has_body:
            content = json.dumps(members)
            out["Content-Type"] = _CONTENT_TYPE  # moto sets it before the header members
        else:
            content = "{}"
        out.update(sent)
        if content:
            out["Content-Type"] = _CONTENT_TYPE
        return status, out, content

    return write


def _payload_type(value: Any) -> None:
    if type(value) not in (str, bytes):
        raise Unusual


def _unusual_operation(result: Any) -> tuple[int, dict[str, str], Any]:
    raise Unusual


def write(operation: OperationModel, result: Any) -> tuple[int, dict[str, str], Any]:
    """(status, headers, body) of ``result`` for ``operation``; raises :class:`Unusual` to leave it to moto."""
    key = (operation.service_model.service_name, operation.name)
    plan = _plans.get(key)
    if plan is None:
        try:
            plan = _operation(operation)
        except Unusual:
            plan = _unusual_operation
        _plans[key] = plan
    return plan(result)


class LeanResult(ActionResult):
    """A handler's result dict: written by the lean path when it can, by moto's serialiser otherwise."""

    def execute_result(self, context: ActionContext) -> TYPE_RESPONSE:
        if (
            ENABLED
            and context.serializer_class is RestJSONSerializer
            and not settings.PRETTIFY_RESPONSES
            and not getattr(context.response, "RESPONSE_KEY_PATH_TO_TRANSFORMER", None)
        ):
            try:
                return write(context.operation_model, self.result)
            except Unusual:
                pass
        return super().execute_result(context)

"""Plain data across a process boundary: the only form in which a student's values reach the tests.

A value is encoded into JSON-compatible data built from exact builtin types: the encoder never calls a method of
the value's own class, and the decoder only ever builds builtin objects (or numpy arrays), so nothing a
submission defines (a lying ``__eq__``, a ``__bool__`` that is always true, a subclass of ``int``) survives the trip.
Values that are not plain data (functions, class instances, ...) cross as *references*: a numbered handle the other
side can only call, index or read attributes of through the bridge, never compare.

This module is self-contained (standard library only, no package-relative imports) because its source is also
executed inside the student's kernel to build the kernel's end of the bridge.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import math

TAG = "$"
MAX_NODES = 2_000_000


class NotPlainData(TypeError):
    """A value cannot be sent as plain data and no reference was allowed."""


# Exact types only: a subclass could override isoformat().
_TIMES = {datetime.datetime: datetime.datetime, datetime.date: datetime.date, datetime.time: datetime.time}


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise NotPlainData(f"value too large to send (more than {MAX_NODES} items)")


def _numpy_kind(obj):
    module = getattr(type(obj), "__module__", "") or ""
    if not module.startswith("numpy"):
        return None
    name = type(obj).__name__
    if name == "ndarray":
        return "ndarray"
    try:
        import numpy
    except ImportError:
        return None
    return "npscalar" if isinstance(obj, numpy.generic) else None


def encode(obj, make_ref=None, budget: _Budget | None = None):
    """Encode ``obj`` as plain JSON data; values that are not plain data become ``make_ref(obj)`` references.

    Subclasses of builtin containers and numbers are reduced to their builtin base through the base type's own
    methods, so overridden methods never run. Without ``make_ref`` a non-plain value raises :class:`NotPlainData`.
    """
    budget = budget or _Budget(MAX_NODES)
    budget.spend()
    if obj is None or obj is True or obj is False:
        return obj
    if isinstance(obj, str):
        return str.__str__(obj)
    if isinstance(obj, int):
        return int.__int__(obj)
    if isinstance(obj, float):
        value = float.__float__(obj)
        return value if math.isfinite(value) else {TAG: "float", "v": float.__repr__(value)}
    if isinstance(obj, complex):
        return {TAG: "complex", "v": [complex.real.__get__(obj), complex.imag.__get__(obj)]}
    if isinstance(obj, (bytes, bytearray)):
        return {TAG: "bytes", "v": base64.b64encode(bytes(obj)).decode("ascii")}
    if isinstance(obj, list):
        return [encode(item, make_ref, budget) for item in list.__iter__(obj)]
    if isinstance(obj, tuple):
        return {TAG: "tuple", "v": [encode(item, make_ref, budget) for item in tuple.__iter__(obj)]}
    if isinstance(obj, (set, frozenset)):
        kind = "frozenset" if isinstance(obj, frozenset) else "set"
        items = frozenset.__iter__(obj) if kind == "frozenset" else set.__iter__(obj)
        return {TAG: kind, "v": [encode(item, make_ref, budget) for item in items]}
    if isinstance(obj, dict):
        pairs = [
            [encode(key, make_ref, budget), encode(dict.__getitem__(obj, key), make_ref, budget)]
            for key in dict.__iter__(obj)
        ]
        return {TAG: "dict", "v": pairs}
    if type(obj) in _TIMES:
        return {TAG: type(obj).__name__, "v": _TIMES[type(obj)].isoformat(obj)}
    if type(obj) is decimal.Decimal:
        return {TAG: "Decimal", "v": decimal.Decimal.__str__(obj)}
    numpy_kind = _numpy_kind(obj)
    if numpy_kind == "ndarray" and obj.dtype.kind in "biufcUSM?":
        shape = [int(n) for n in obj.shape]  # an array without elements keeps its shape only this way: (0, 1024)
        return {TAG: "ndarray", "dtype": str(obj.dtype), "shape": shape, "v": encode(obj.tolist(), None, budget)}
    if numpy_kind == "npscalar":
        return {TAG: "npscalar", "dtype": str(obj.dtype), "v": encode(obj.item(), None, budget)}
    if type(obj).__name__ == "module" and isinstance(getattr(obj, "__name__", None), str):
        return {TAG: "module", "v": str.__str__(obj.__name__)}
    if make_ref is None:
        raise NotPlainData(f"a value of type {type(obj).__name__} is not plain data")
    return make_ref(obj)


def decode(data, resolve_ref=None, budget: _Budget | None = None):
    """Build builtin Python values from encoded data; references are handed to ``resolve_ref(data)``."""
    budget = budget or _Budget(MAX_NODES)
    budget.spend()
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(item, resolve_ref, budget) for item in data]
    if not isinstance(data, dict) or TAG not in data:
        raise NotPlainData("malformed plain data")
    kind, value = data[TAG], data.get("v")
    if kind == "float":
        return float(value)
    if kind == "complex":
        return complex(float(value[0]), float(value[1]))
    if kind == "bytes":
        return base64.b64decode(value)
    if kind in ("tuple", "set", "frozenset"):
        items = [decode(item, resolve_ref, budget) for item in value]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if kind == "dict":
        return {decode(k, resolve_ref, budget): decode(v, resolve_ref, budget) for k, v in value}
    if kind in ("datetime", "date", "time"):
        return getattr(datetime, kind).fromisoformat(str(value))
    if kind == "Decimal":
        return decimal.Decimal(str(value))
    if kind in ("ndarray", "npscalar"):
        plain = decode(value, None, budget)
        try:
            import numpy
        except ImportError:
            return plain
        # The dtype is named by the sender: only fixed-size numbers, booleans and dates are taken as named (a huge
        # string or void dtype would let a tiny message allocate gigabytes); anything else is inferred.
        try:
            dtype = numpy.dtype(str(data["dtype"]))
        except TypeError:
            dtype = None
        if dtype is not None and (dtype.kind not in "biufcM?" or dtype.itemsize > 16):
            dtype = None
        array = numpy.asarray(plain, dtype=dtype)
        return _shaped(array, data.get("shape")) if kind == "ndarray" else array[()]
    if kind in ("ref", "module", "global") and resolve_ref is not None:
        return resolve_ref(data)
    raise NotPlainData(f"unexpected value kind {kind!r}")


def _shaped(array, shape):
    """``array`` in the sender's ``shape`` when that is a valid shape of the same number of elements (reshaping
    never allocates), else as it is."""
    if not isinstance(shape, list) or len(shape) > 32:
        return array
    if not all(type(n) is int and 0 <= n < 2**31 for n in shape):
        return array
    if math.prod(shape) != array.size:
        return array
    return array.reshape(shape)

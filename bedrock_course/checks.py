"""Type-strict comparisons for the labs' test cells: a value's type is checked before its equality.

A float answer must be a float (numpy's float64 is one), an integer an ``int`` (not a bool, not numpy's int64), a
list a list: ``check`` says which was expected and what arrived, so a learner sees why a test failed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def same(got: Any, expected: Any, rel: float = 1e-9) -> bool:
    """Whether ``got`` has the type of ``expected`` and equals it (floats within ``rel``), recursively."""
    if expected is None:
        return got is None
    if isinstance(expected, bool):
        return type(got) is bool and got == expected
    if isinstance(expected, str):
        return isinstance(got, str) and got == expected
    if isinstance(expected, float):
        return isinstance(got, float) and math.isclose(got, expected, rel_tol=rel, abs_tol=1e-12)
    if isinstance(expected, int):
        return isinstance(got, int) and not isinstance(got, bool) and got == expected
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(got, type(expected))
            and len(got) == len(expected)
            and all(same(g, e, rel) for g, e in zip(got, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(expected)
            and all(same(got[key], value, rel) for key, value in expected.items())
        )
    raise TypeError(f"same() compares builtin values, not {type(expected).__name__}")


def check(got: Any, expected: Any, what: str = "the result", rel: float = 1e-9) -> None:
    """Assert ``same(got, expected)``, with a message naming both values and their types."""
    assert same(got, expected, rel), (
        f"{what}: expected {expected!r} ({type(expected).__name__}), got {got!r} ({type(got).__name__})"
    )


def raises(error: type[Exception], function: Callable[..., Any], *args: Any) -> bool:
    """Whether ``function(*args)`` raises ``error``.

    Under nbgrader the learner's exception arrives as itself; the course's autograder runs tests in another process
    and reports an exception raised by the submission as an error whose message starts with its type's name
    (``"ValueError: ..."``), so both are recognised.
    """
    try:
        function(*args)
    except error:
        return True
    except Exception as other:
        return str(other).startswith(f"{error.__name__}: ")
    return False

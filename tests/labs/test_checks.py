"""The labs' type-strict comparison: a value's type is checked before its equality."""

from __future__ import annotations

import numpy as np
import pytest

from bedrock_course.checks import check, raises, same


@pytest.mark.parametrize(
    ("got", "expected", "equal"),
    [
        (0.1 + 0.2, 0.3, True),
        (np.float64(0.5), 0.5, True),
        (1, 1.0, False),
        (1.0, 1, False),
        (True, 1, False),
        (np.int64(3), 3, False),
        ("3", 3, False),
        ([1, 2], (1, 2), False),
        ({"a": [1, 2.5]}, {"a": [1, 2.5]}, True),
        ({"a": 1, "b": 2}, {"a": 1}, False),
        (None, None, True),
        (0, None, False),
        (np.float32(0.5), 0.5, False),
    ],
)
def test_same_compares_types_before_values(got, expected, equal):
    assert same(got, expected) is equal


def test_check_names_both_values_and_types():
    with pytest.raises(AssertionError, match=r"cost: expected 0\.5 \(float\), got 1 \(int\)"):
        check(1, 0.5, "cost")


class ReportedError(Exception):
    """What the autograder's test process sees when the submission's code raised."""


def fail(exception: Exception):
    raise exception


@pytest.mark.parametrize(
    ("exception", "expected"),
    [
        (ValueError("overlap too large"), True),
        (ReportedError("ValueError: overlap too large"), True),
        (TypeError("size must be an int"), False),
        (ReportedError("TypeError: size must be an int"), False),
    ],
)
def test_raises_recognises_an_exception_raised_here_or_reported_by_the_grader(exception, expected):
    assert raises(ValueError, fail, exception) is expected


def test_raises_is_false_when_nothing_is_raised():
    assert raises(ValueError, len, "abc") is False

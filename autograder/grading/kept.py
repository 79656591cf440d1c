"""Values a lab's hidden tests compute from the instructor's reference alone, computed once per batch.

A hidden test often builds what the right answer should be (lab 4 builds five reference knowledge bases and
evaluates 132 questions on each) and compares the submission with it. That work is the same for every submission,
so a test may wrap it::

    from autograder.grading.kept import kept

    expected = kept("lab04 sweep: metrics by configuration", lambda: {name: evaluate(name) for name in CONFIGS})

Outside the grader (nbgrader, a notebook run, ``autograder check``) ``kept`` simply calls ``compute``. In a batch,
the grader grades the lab's reference solution first (the preflight); the values its test process computed are
written to a folder of the grader's own, once the reference has earned full marks, and every later submission's test
process reads them instead of computing them. So a kept value is always what the reference's grading computed, never
what a student's grading computed: the test process of a submission only reads, and what it computes itself is
dropped. The folder lies in the grader's cache, keyed by the lab and its environment (``autograder.instructor.
preflight``), outside every sandbox. Values must be Python literals (numbers, strings, tuples, lists, dicts, sets,
booleans, None) that ``repr`` writes and ``ast.literal_eval`` reads back equal; anything else is computed every time.
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MAX_VALUE_CHARS = 4 * 2**20  # a kept value larger than this is computed every time

_folder: Path | None = None
_computed: dict[str, str] = {}


def use(folder: str | None) -> None:
    """Read kept values from ``folder`` from now on (the grader's test process calls this; None: read none)."""
    global _folder
    _folder = Path(folder) if folder else None
    _computed.clear()


def kept(key: str, compute: Callable[[], T]) -> T:
    """The value ``compute()`` gives, read from the batch's kept values when the reference's grading stored it."""
    if _folder is not None:
        try:
            stored_key, _, literal = _path(_folder, key).read_text(encoding="utf-8").partition("\n")
        except OSError:
            stored_key = literal = ""
        if stored_key == key and literal:
            try:
                return ast.literal_eval(literal)  # type: ignore[no-any-return]
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                pass  # unreadable: computed below, as without a kept value
    value = compute()
    literal = repr(value)
    if "\n" not in key and len(literal) <= MAX_VALUE_CHARS and _reads_back(literal, value):
        _computed[key] = literal
    return value


def take() -> dict[str, str]:
    """The values computed (not read) since the last call, as {key: literal}: the test process reports them."""
    taken = dict(_computed)
    _computed.clear()
    return taken


def store(folder: Path, values: dict[str, str]) -> None:
    """Write ``values`` ({key: literal}, from the reference's test process) into ``folder``, each file atomically."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for key, literal in values.items():
        if not isinstance(key, str) or not isinstance(literal, str) or "\n" in key:
            continue
        path = _path(folder, key)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(f"{key}\n{literal}", encoding="utf-8")
        os.replace(temporary, path)


def _path(folder: Path, key: str) -> Path:
    return folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.txt"


def _reads_back(literal: str, value: object) -> bool:
    try:
        parsed = ast.literal_eval(literal)
        return type(parsed) is type(value) and bool(parsed == value)
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return False

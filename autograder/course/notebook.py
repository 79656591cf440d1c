"""Read a notebook defensively into plain cells; anything that is not a readable nbformat-4 notebook is refused.

No jsonschema validation: stray metadata and unknown fields are tolerated (editors add them); only what grading
needs is checked, and every field is reduced to the type grading expects.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
GRADE_ID = re.compile(r"^[a-zA-Z0-9_-]+$")
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|\Z)", re.M | re.S)


SAVE_AS_NOTEBOOK = "give the lab's .ipynb file as saved by JupyterLab (File > Save Notebook)"
# An author's hint for a test cell's hidden tests: a comment outside the hidden block, "# hint: ...", continued on
# the comment lines right below it. Shown to a learner whose submission fails the test, never the test itself.
HINT = re.compile(r"^[ \t]*# hint:[ \t]*(.*(?:\n[ \t]*#(?!##)[ \t]*.*)*)", re.M)


class Unreadable(Exception):
    """The file cannot be graded; the message says why in words a student understands."""


@dataclass
class Cell:
    cell_type: str
    source: str
    grade_id: str | None = None
    grade: bool = False
    solution: bool = False
    locked: bool = False
    points: float = 0.0
    metadata: dict = field(default_factory=dict)
    private: bool = False  # a private test (autograder.course.private_tests): never in a student's copy

    @property
    def is_test(self) -> bool:
        """An autograded test cell: instructor code whose passing earns points."""
        return self.cell_type == "code" and self.grade and not self.solution

    @property
    def is_manual(self) -> bool:
        return self.grade and self.solution

    @property
    def is_readonly(self) -> bool:
        return self.locked and not self.solution and not self.grade


def _text(value, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    raise Unreadable(f"{what} is not text")


def parse_cell(raw, index: int) -> Cell:
    if not isinstance(raw, dict):
        raise Unreadable(f"cell {index} is not an object")
    cell_type = raw.get("cell_type")
    if cell_type not in ("code", "markdown", "raw"):
        raise Unreadable(f"cell {index} has an unknown type {str(cell_type)[:40]!r}")
    source = _text(raw.get("source", ""), f"the source of cell {index}")
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    meta = metadata.get("nbgrader") if isinstance(metadata.get("nbgrader"), dict) else {}
    grade_id = meta.get("grade_id")
    if not (isinstance(grade_id, str) and GRADE_ID.match(grade_id)):
        grade_id = None
    try:
        points = float(meta.get("points", 0) or 0)
    except (TypeError, ValueError):
        points = 0.0
    return Cell(
        cell_type=cell_type,
        source=source,
        grade_id=grade_id,
        grade=meta.get("grade") is True,
        solution=meta.get("solution") is True,
        locked=meta.get("locked") is True,
        points=max(points, 0.0),
        metadata=metadata,
    )


def parse_notebook(data: bytes) -> list[Cell]:
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"the file is larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    try:
        notebook = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise Unreadable(f"not a notebook: the file is not text; {SAVE_AS_NOTEBOOK}") from None
    except ValueError as error:
        raise Unreadable(
            f"not a notebook: the file is not valid JSON ({error.args[0][:80]}); {SAVE_AS_NOTEBOOK}"
        ) from None
    if not isinstance(notebook, dict) or "nbformat" not in notebook:
        raise Unreadable(f"not a notebook: the file is JSON without a notebook's 'nbformat'; {SAVE_AS_NOTEBOOK}")
    if notebook.get("nbformat") != 4:
        raise Unreadable(f"unsupported notebook format {str(notebook.get('nbformat'))[:20]!r}; nbformat 4 is needed")
    if "cells" not in notebook:
        raise Unreadable("the notebook has no cells")
    if not isinstance(notebook["cells"], list):
        raise Unreadable("the notebook's cells are not a list")
    return [parse_cell(raw, index) for index, raw in enumerate(notebook["cells"])]


def refusal(path: Path) -> str:
    """Why the file at ``path`` is not read at all ("" when it may be): decided from ``lstat``, before any read."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"the file cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "refused: the submission is a symbolic link; submit the notebook file itself"
    if not stat.S_ISREG(info.st_mode):
        return "refused: the submission is not a regular file"
    if info.st_size > MAX_NOTEBOOK_BYTES:
        return f"too large: {info.st_size} bytes (the limit is {MAX_NOTEBOOK_BYTES // 2**20} MiB)"
    return ""


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file no larger than MAX_NOTEBOOK_BYTES, never following a symlink; else Unreadable."""
    why = refusal(path)
    if why:
        raise Unreadable(why)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise Unreadable(f"the file cannot be read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())  # the file opened is the file checked, even if the path changed since
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_NOTEBOOK_BYTES:
            raise Unreadable("refused: the file changed while it was being read")
        data = handle.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"too large: more than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    return data


def read_notebook(path: Path) -> list[Cell]:
    return parse_notebook(read_bounded(path))


def released_source(source: str) -> str:
    """What the student's copy of an instructor cell should hold: the source without its hidden tests."""
    return HIDDEN_TESTS.sub("", source)


def authors_hints(source: str) -> list[str]:
    """The author's hints of a test cell (see HINT), each as one line of text; only from outside hidden blocks."""
    hints = []
    for match in HINT.finditer(released_source(source)):
        lines = [line.strip().lstrip("#").strip() for line in match.group(1).splitlines()]
        hints.append(" ".join(line for line in lines if line))
    return [hint for hint in hints if hint]


def split_hidden(source: str) -> list[tuple[str, bool]]:
    """A test cell's source in runs: (code, is it hidden), in order; each run padded with blank lines so that
    line numbers in a visible run match the student's copy (which has no hidden blocks)."""
    runs: list[tuple[str, bool]] = []
    shown_lines = 0
    position = 0
    for match in HIDDEN_TESTS.finditer(source):
        visible = source[position : match.start()]
        if visible.strip():
            runs.append(("\n" * shown_lines + visible, False))
        shown_lines += visible.count("\n")
        runs.append((match.group(0), True))
        position = match.end()
    rest = source[position:]
    if rest.strip() or not runs:
        runs.append(("\n" * shown_lines + rest, False))
    return runs

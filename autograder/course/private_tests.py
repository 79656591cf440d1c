"""Private tests: extra hidden tests an instructor keeps out of the public solutions, merged in at grading time.

``course.toml`` names the folder, for one lab or for every lab (``<dir>/<lab>/``; a lab without a subfolder has
none); a lab's own key wins:

```toml
[grading]
private_tests = "../private-tests"            # relative to the course root

[labs.lab01_demo]
private_tests = "../private-tests/lab01_demo"
```

The lab's folder holds ``tests.toml`` and the files it names; every other file in it is a private data file (a
scenario set, expected answers) that the test process finds in its lab folder and the submission never sees:

```toml
[[test]]                      # a new test cell, wholly hidden, placed after `after` (default: the end)
grade_id = "test_count_private"
points = 2
source = "count_more.py"
after = "test_count"

[[test]]                      # an existing test cell: its hidden tests are replaced by the file
grade_id = "test_add"
source = "add_hidden.py"
points = 3                    # optional here: the cell keeps its points without it
```
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from autograder.course.config import ConfigError, read_config
from autograder.course.notebook import GRADE_ID, Cell, released_source

MANIFEST = "tests.toml"
TEST_KEYS = {"grade_id", "points", "source", "after"}


class PrivateTestsError(ValueError):
    """A private test folder cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class PrivateTest:
    grade_id: str
    source: str  # the hidden test code
    points: float | None
    after: str | None


@dataclass(frozen=True)
class Overlay:
    tests: tuple[PrivateTest, ...]
    data_files: tuple[tuple[Path, str], ...]  # (file, path relative to the lab folder), for the test process only

    def sha256(self) -> str:
        """A digest of everything in the overlay, so changing a private test makes earlier records stale."""
        digest = hashlib.sha256()
        for test in self.tests:
            digest.update(repr((test.grade_id, test.source, test.points, test.after)).encode())
        for path, relative in self.data_files:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


def _hidden_block(code: str) -> str:
    return f"### BEGIN HIDDEN TESTS\n{code.rstrip()}\n### END HIDDEN TESTS\n"


def _parse_test(entry: object, index: int, folder: Path, where: str) -> PrivateTest:
    at = f"{where}: [[test]] number {index + 1}"
    if not isinstance(entry, dict):
        raise PrivateTestsError(f"{at} is not a table")
    unknown = sorted(set(entry) - TEST_KEYS)
    if unknown:
        raise PrivateTestsError(
            f"{at} has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(TEST_KEYS))}"
        )
    grade_id = entry.get("grade_id")
    if not isinstance(grade_id, str) or not GRADE_ID.match(grade_id):
        raise PrivateTestsError(f"{at}: grade_id must be letters, digits, '_' or '-', not {grade_id!r}")
    at = f"{where}: test {grade_id!r}"
    points = entry.get("points")
    if points is not None and (not isinstance(points, int | float) or isinstance(points, bool) or points < 0):
        raise PrivateTestsError(f"{at}: points must be a number of at least 0, not {points!r}")
    after = entry.get("after")
    if after is not None and not isinstance(after, str):
        raise PrivateTestsError(f"{at}: after must be the grade_id of a cell, not {after!r}")
    name = entry.get("source")
    if not isinstance(name, str) or not name:
        raise PrivateTestsError(f"{at}: source must name a .py file in {folder}")
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise PrivateTestsError(f"{at}: source {name!r} is not a file inside {folder}")
    try:
        code = path.read_text(encoding="utf-8")
        compile(code, str(path), "exec")
    except UnicodeDecodeError:
        raise PrivateTestsError(f"{path}: not UTF-8 text") from None
    except SyntaxError as error:
        raise PrivateTestsError(f"{path}, line {error.lineno}: {error.msg}") from None
    if "### BEGIN HIDDEN TESTS" in code or "### END HIDDEN TESTS" in code:
        raise PrivateTestsError(f"{path}: leave out the HIDDEN TESTS markers; the whole file is hidden")
    return PrivateTest(grade_id, code, None if points is None else float(points), after)


def private_folder(course_root: Path, lab: str, exposed: tuple[Path, ...] = ()) -> Path | None:
    """The lab's private test folder named in course.toml, or None; ``exposed`` are folders submissions can see."""
    config = read_config(course_root)
    labs, grading = config.get("labs", {}), config.get("grading", {})
    if not isinstance(labs, dict) or not isinstance(grading, dict):
        raise ConfigError("[labs] and [grading] in course.toml must be tables")
    own = labs.get(lab, {})
    if isinstance(own, dict) and "private_tests" in own:
        key, value, folder = f"[labs.{lab}] private_tests", own["private_tests"], ""
    else:
        key, value, folder = "[grading] private_tests", grading.get("private_tests"), lab
        if value is None:
            return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key} must be the path of a folder, not {value!r}")
    base = (course_root / Path(value).expanduser()).resolve()
    if not base.is_dir():
        raise ConfigError(f"{key}: {base} is not a folder")
    for public in exposed:
        if base.is_relative_to(public.resolve()):
            raise ConfigError(f"{key}: {base} is inside {public}, which students can read; move it out of there")
    path = base / folder
    return path if path.is_dir() else None


def load_overlay(folder: Path, instructor: list[Cell]) -> Overlay:
    """Read and check the private tests in ``folder`` against the lab's ``instructor`` cells."""
    folder = folder.resolve()
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise PrivateTestsError(f"{folder} has no {MANIFEST}: it lists the private tests (see docs/instructor.md)")
    try:
        config = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PrivateTestsError(f"{manifest} is not valid TOML: {error}") from None
    if set(config) - {"test"} or not isinstance(config.get("test"), list):
        raise PrivateTestsError(f"{manifest} must hold only [[test]] tables, at least one")
    tests = tuple(_parse_test(entry, i, folder, str(manifest)) for i, entry in enumerate(config["test"]))
    cells = {cell.grade_id: cell for cell in instructor if cell.grade_id}
    seen: set[str] = set()
    for test in tests:
        at = f"{manifest}: test {test.grade_id!r}"
        if test.grade_id in seen:
            raise PrivateTestsError(f"{at} is listed twice")
        existing = cells.get(test.grade_id)
        if existing is not None and not existing.is_test:
            raise PrivateTestsError(f"{at} names a cell of the lab that is not an autograded test cell")
        if existing is None and test.points is None:
            raise PrivateTestsError(f"{at} is a new test cell: give its points")
        if existing is not None and test.after is not None:
            raise PrivateTestsError(
                f"{at} replaces the hidden tests of an existing cell, which stays in place: drop after"
            )
        if test.after is not None and test.after not in cells and test.after not in seen:
            raise PrivateTestsError(f"{at}: after names {test.after!r}, which is no cell of the lab nor a test above")
        seen.add(test.grade_id)
    sources = {(folder / str(entry["source"])).resolve() for entry in config["test"]}
    data = tuple(
        sorted(
            (path, str(path.relative_to(folder)))
            for path in folder.rglob("*")
            if path.is_file()
            and path != manifest
            and path not in sources
            and not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(folder).parts)
        )
    )
    return Overlay(tests, data)


def apply(instructor: list[Cell], overlay: Overlay) -> list[Cell]:
    """The instructor's cells with the overlay merged in: hidden sections replaced, new hidden test cells placed."""
    by_id = {test.grade_id: test for test in overlay.tests}
    merged: list[Cell] = []
    for cell in instructor:
        test = by_id.get(cell.grade_id) if cell.grade_id else None
        if test is None:
            merged.append(cell)
            continue
        points = cell.points if test.points is None else test.points
        merged.append(replace(cell, source=released_source(cell.source) + _hidden_block(test.source), points=points))
    for test in overlay.tests:
        if any(cell.grade_id == test.grade_id for cell in instructor):
            continue
        cell = Cell(
            "code", _hidden_block(test.source), test.grade_id, True, False, True, test.points or 0, private=True
        )
        ids = [c.grade_id for c in merged]
        merged.insert(ids.index(test.after) + 1 if test.after else len(merged), cell)
    return merged

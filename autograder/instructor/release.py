"""`autograder release`: generate the student labs/ from the instructor's solutions/, deterministically.

The transformation is nbgrader's generate_assignment (locked cells, solutions replaced by stubs, outputs cleared,
hidden tests removed, checksums) run through nbgrader's own preprocessors, so nbgrader's tools (Validate, formgrader)
accept the result. What differs: no gradebook database is needed (the grader restores instructor cells from
solutions/ by grade_id), source notebooks are checked first with errors that name the cell, and the output is
byte-identical for identical input.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_TEST_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
GRADE_ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


class ReleaseError(Exception):
    """A source notebook that cannot be released; the message names the notebook, the cell and the problem."""


@dataclass(frozen=True)
class Released:
    """One lab written to labs/: the notebooks and other files it holds."""

    lab: str
    files: tuple[Path, ...]


def source_labs(course_root: Path) -> list[str]:
    """The labs under solutions/ (folders holding at least one notebook), in name order."""
    solutions = course_root / "solutions"
    if not solutions.is_dir():
        return []
    return sorted(p.name for p in solutions.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def release(course_root: Path, labs: list[str] | None = None) -> list[Released]:
    """Regenerate labs/<lab>/ from solutions/<lab>/ for each named lab (all labs when ``labs`` is None).

    Every source notebook is checked before anything is written, so a bad notebook leaves labs/ untouched.
    """
    available = source_labs(course_root)
    chosen = available if labs is None else labs
    unknown = [lab for lab in chosen if lab not in available]
    if unknown:
        known = ", ".join(available) or "none"
        raise ReleaseError(f"no lab named {', '.join(unknown)} under {course_root / 'solutions'}; available: {known}")
    prepared = {lab: _prepare_lab(course_root / "solutions" / lab) for lab in chosen}
    return [_write_lab(course_root / "labs" / lab, lab, files) for lab, files in prepared.items()]


def student_version(source: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the student release of one instructor notebook (the input is not modified)."""
    nb = nbformat.from_dict(source)
    check_source_notebook(nb, name)
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions, ComputeChecksums, LockCells

    resources: dict = {}
    # nbgrader's generate_assignment order, less the database steps.
    steps = (LockCells(), ClearSolutions(), ClearOutput(), ComputeChecksums(), ClearHiddenTests(), ComputeChecksums())
    for step in steps:
        nb, resources = step.preprocess(nb, resources)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def check_source_notebook(nb: nbformat.NotebookNode, name: str) -> None:
    """Raise ReleaseError naming the first cell whose nbgrader metadata or markers are inconsistent."""
    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        where = f"{name}, cell {index}"
        source = cell.get("source", "")
        is_solution, is_grade = meta.get("solution", False), meta.get("grade", False)
        if meta and (is_solution or is_grade or meta.get("locked") or meta.get("task")):
            grade_id = meta.get("grade_id")
            if not grade_id:
                raise ReleaseError(
                    f"{where}: nbgrader cell has no grade_id; give it a unique one (letters, digits, _ -)"
                )
            if not set(grade_id) <= GRADE_ID_CHARS:
                raise ReleaseError(f"{where}: grade_id {grade_id!r} may hold only letters, digits, '_' and '-'")
            if grade_id in seen:
                raise ReleaseError(
                    f"{where}: grade_id {grade_id!r} is also used by cell {seen[grade_id]}; ids must be unique"
                )
            seen[grade_id] = index
            if is_grade and not isinstance(meta.get("points"), int | float):
                raise ReleaseError(f"{where} ({grade_id}): graded cell has no points")
            if is_grade and meta.get("points", 0) < 0:
                raise ReleaseError(f"{where} ({grade_id}): points must not be negative")
        if any(marker in source for marker in SOLUTION_MARKERS) and not is_solution:
            raise ReleaseError(f"{where}: solution markers in a cell that is not a solution cell; mark it as one")
        if any(marker in source for marker in HIDDEN_TEST_MARKERS) and not (is_grade and cell.cell_type == "code"):
            raise ReleaseError(f"{where}: hidden-test markers outside an autograded test cell")
        for begin, end in (SOLUTION_MARKERS, HIDDEN_TEST_MARKERS):
            if source.count(begin) != source.count(end):
                raise ReleaseError(f"{where}: {begin!r} and {end!r} do not pair up")


def _prepare_lab(source_dir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir)
        if not path.is_file() or ".ipynb_checkpoints" in relative.parts or "__pycache__" in relative.parts:
            continue
        if path.suffix == ".ipynb":
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception as error:  # nbformat raises several types for unreadable files
                raise ReleaseError(f"{path}: not a readable notebook ({error})") from None
            files[str(relative)] = nbformat.writes(student_version(nb, str(path))).encode() + b"\n"
        else:
            files[str(relative)] = path.read_bytes()
    return files


def _write_lab(target: Path, lab: str, files: dict[str, bytes]) -> Released:
    staging = target.with_name(f".{lab}.releasing")
    shutil.rmtree(staging, ignore_errors=True)
    for relative, content in files.items():
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return Released(lab, tuple(target / relative for relative in files))

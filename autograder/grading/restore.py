"""Restore the instructor's cells: the plan of what runs is built from the instructor's copy, by grade_id.

Only solution cells and cells the student added come from the submission. Test and read-only cells, their order,
their points and their hidden tests come from the instructor's notebook, whatever the submission did to its copies
(edited, deleted, re-typed, duplicated, re-labelled). Each such change is reported as a reason for review.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from autograder.course.notebook import HIDDEN_TESTS, Cell, authors_hints, released_source
from autograder.grading.verifier import bound_names


@dataclass
class Step:
    """One unit of execution: student code for the kernel, a read-only cell, or a test for the test process."""

    kind: str  # "student" | "readonly" | "test"
    name: str
    source: str
    points: float = 0.0
    hidden: bool = False
    hints: tuple[str, ...] = ()  # the author's hints for a failed test (authors_hints)


@dataclass
class Plan:
    steps: list[Step]
    reasons: list[str] = field(default_factory=list)
    manual: list[tuple[str, float]] = field(default_factory=list)
    # Names the lab declares as the student's: what its solution and unmarked cells define, less anything a test or
    # read-only cell defines. Only these may be fetched from the kernel by a test.
    student_names: list[str] = field(default_factory=list)

    @property
    def tests(self) -> list[Step]:
        return [step for step in self.steps if step.kind == "test"]

    @property
    def max_score(self) -> float:
        return sum(step.points for step in self.tests)


def _same(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())

    return norm(a) == norm(b)


def restore(instructor: list[Cell], student: list[Cell]) -> Plan:
    """The plan for grading ``student`` against the ``instructor`` notebook (both as parsed cells)."""
    known = {cell.grade_id: cell for cell in instructor if cell.grade_id}
    reasons: list[str] = []
    answers: dict[str, Cell] = {}
    extras: dict[str | None, list[Cell]] = {None: []}
    anchor: str | None = None
    for cell in student:
        gid = cell.grade_id if cell.grade_id in known else None
        if gid is not None and gid not in answers:
            answers[gid] = cell
            anchor = gid
            extras.setdefault(gid, [])
            continue
        if gid is not None and known[gid].locked:
            reasons.append(f"duplicated the locked cell {gid!r} (the copy was ignored)")
            continue
        if cell.cell_type == "code":
            extras[anchor].append(cell)

    steps = [Step("student", f"added cell {i + 1}", c.source) for i, c in enumerate(extras[None])]
    plan = Plan(steps, reasons)
    for source_cell in instructor:
        gid = source_cell.grade_id
        if gid is None:
            continue
        copy = answers.get(gid)
        if (source_cell.locked or source_cell.is_test) and not source_cell.private:
            _check_copy(source_cell, copy, reasons)
        if source_cell.is_manual:
            plan.manual.append((gid, source_cell.points))
        if source_cell.cell_type == "code":
            if source_cell.is_test:
                hidden = bool(HIDDEN_TESTS.search(source_cell.source))
                hints = tuple(authors_hints(source_cell.source))
                steps.append(Step("test", gid, source_cell.source, source_cell.points, hidden, hints))
            elif source_cell.is_readonly:
                steps.append(Step("readonly", gid, source_cell.source))
            elif source_cell.solution and copy is not None and copy.cell_type == "code":
                steps.append(Step("student", gid, copy.source))
        for index, extra in enumerate(extras.get(gid, [])):
            steps.append(Step("student", f"cell added after {gid} ({index + 1})", extra.source))
    plan.student_names = declared_student_names(instructor)
    return plan


def declared_student_names(instructor: list[Cell]) -> list[str]:
    """What the instructor's solution and unmarked code cells define, less what test and read-only cells define."""
    students: set[str] = set()
    graders: set[str] = set()
    for cell in instructor:
        if cell.cell_type != "code":
            continue
        try:
            names = bound_names(ast.parse(cell.source))
        except SyntaxError:
            continue
        (graders if cell.is_test or cell.is_readonly else students).update(names)
    return sorted(students - graders)


def _check_copy(source_cell: Cell, copy: Cell | None, reasons: list[str]) -> None:
    what = "test cell" if source_cell.is_test else "read-only cell"
    if source_cell.cell_type == "markdown" and not source_cell.is_test:
        return
    gid = source_cell.grade_id
    if copy is None:
        reasons.append(f"deleted the {what} {gid!r} (restored from the instructor's copy)")
    elif copy.cell_type != source_cell.cell_type:
        reasons.append(f"changed the type of the {what} {gid!r} (restored from the instructor's copy)")
    elif not _same(copy.source, released_source(source_cell.source)):
        reasons.append(f"edited the {what} {gid!r} (restored from the instructor's copy)")

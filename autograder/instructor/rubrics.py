"""The rubric a lab states for each part graded by hand: the text from "**Rubric**" to the end of the nearest
instruction cell above the answer cell, so feedback can show a student what the grader applied.

Only instruction cells (markdown that is neither an answer nor a test) are read: a model answer in the instructor's
answer cell never reaches a student this way.
"""

from __future__ import annotations

from autograder.course.notebook import Cell

MARKER = "**Rubric**"


def graded_by_hand(cell: Cell) -> bool:
    """An answer with points and no test."""
    return bool(cell.grade and cell.solution and cell.grade_id)


def manual_cells(cells: list[Cell]) -> list[Cell]:
    """The cells graded by hand."""
    return [c for c in cells if graded_by_hand(c)]


def rubrics(cells: list[Cell]) -> dict[str, str]:
    """{grade_id: rubric text} for every hand-graded cell whose instructions state a rubric."""
    found = {}
    for index, cell in enumerate(cells):
        if not graded_by_hand(cell):
            continue
        for above in reversed(cells[:index]):
            if above.solution or above.grade:
                break  # the previous part: its instructions are not this part's
            if above.cell_type == "markdown" and MARKER in above.source:
                found[cell.grade_id] = above.source[above.source.index(MARKER) :].strip()
                break
    return found

"""Every part of a course lab graded by hand states its rubric, and feedback can show it without a model answer."""

from __future__ import annotations

import pytest

from autograder.course.labs import load_lab
from autograder.course.notebook import Cell
from autograder.instructor.rubrics import manual_cells, rubrics
from tests.conftest import REPO_ROOT

LABS = sorted(p.name for p in (REPO_ROOT / "solutions").iterdir() if p.is_dir())


@pytest.mark.parametrize("lab", LABS)
def test_every_hand_graded_part_states_a_rubric_with_points(lab: str):
    cells = load_lab(REPO_ROOT, lab).cells
    found = rubrics(cells)
    for cell in manual_cells(cells):
        assert cell.grade_id in found, f"{lab}: {cell.grade_id} has no '**Rubric**' in the instructions above it"
        assert "point" in found[cell.grade_id], f"{lab}: {cell.grade_id}'s rubric gives no points"
        assert cell.source.strip()[:40] not in found[cell.grade_id], "the rubric must not quote the model answer"


def markdown(source: str) -> Cell:
    return Cell("markdown", source)


def answer(grade_id: str) -> Cell:
    return Cell("markdown", "A model answer.", grade_id=grade_id, grade=True, solution=True, points=2)


def test_a_rubric_belongs_to_the_part_whose_instructions_state_it():
    cells = [
        markdown("Part 1. **Rubric** (2 points): one."),
        answer("first"),
        Cell("code", "x = 1", grade_id="test_x", grade=True, points=1),
        answer("second"),  # its instructions state no rubric: the first part's is not borrowed
    ]
    assert rubrics(cells) == {"first": "**Rubric** (2 points): one."}

"""A lab's answers: the solution cells' sources by grade_id, and a release with chosen answers filled in."""

from __future__ import annotations

import json

from autograder.instructor.answers import filled_release, solution_answers
from tests.conftest import REPO_ROOT

FIXTURE_COURSE = REPO_ROOT / "tests" / "autograder" / "fixtures" / "course"
SOURCE = FIXTURE_COURSE / "solutions" / "lab01_demo" / "lab01_demo.ipynb"
RELEASE = FIXTURE_COURSE / "labs" / "lab01_demo" / "lab01_demo.ipynb"


def test_solution_answers_are_the_solution_cells_by_grade_id_in_order():
    answers = solution_answers(SOURCE)
    cells = json.loads(SOURCE.read_text())["cells"]
    solutions = [c for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]
    assert list(answers) == [c["metadata"]["nbgrader"]["grade_id"] for c in solutions]
    assert all("### BEGIN SOLUTION" in answers[gid] for gid in answers if "impl" in gid)


def test_a_filled_release_holds_the_answers_given_and_the_release_elsewhere():
    answers = solution_answers(SOURCE)
    first = next(iter(answers))
    filled = json.loads(filled_release(RELEASE, {first: answers[first]}))
    released = json.loads(RELEASE.read_text())["cells"]
    for cell, original in zip(filled["cells"], released, strict=True):
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == first:
            assert cell["source"] == answers[first]
        else:
            assert cell["source"] == original["source"]

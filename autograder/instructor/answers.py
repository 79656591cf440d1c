"""A lab's answers: what the solution cells of an instructor's notebook hold, and a student release with answers
filled in, which is what a learner who wrote them hands in (a reference submission, a partial one, a plausible
mistake), for checking a lab end to end before students see it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from autograder.course.notebook import read_notebook


def solution_answers(notebook: Path) -> dict[str, str]:
    """The source of every solution cell of ``notebook``, by grade_id, in notebook order."""
    return {cell.grade_id: cell.source for cell in read_notebook(notebook) if cell.solution and cell.grade_id}


def filled_release(release: Path, answers: Mapping[str, str]) -> str:
    """The notebook ``release`` (JSON text) with the cells whose grade_id ``answers`` names holding those answers."""
    nb = json.loads(release.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return json.dumps(nb, indent=1)

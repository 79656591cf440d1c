"""Submissions made from a lab's own notebooks: the reference, the blank release, and plausible wrong answers.

A wrong answer is the reference solution with one small edit to one solution cell (``Wrong``), the kind of mistake a
learner makes; the lists live in ``tests/labs/wrong/<lab>.py``. Submissions are the released notebook with its
answer cells filled in, as a learner hands it in.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path

from autograder.instructor.answers import filled_release, solution_answers
from tests.conftest import REPO_ROOT

LABS = sorted(p.name for p in (REPO_ROOT / "solutions").glob("lab*") if p.is_dir())


@dataclass(frozen=True)
class Wrong:
    """A plausible mistake: ``old`` replaced by ``new`` in the solution cell ``cell``; it must lose points on each
    test cell named in ``fails``."""

    name: str
    cell: str
    old: str
    new: str
    fails: tuple[str, ...]


def wrong_answers(lab: str) -> list[Wrong]:
    """The wrong answers kept for ``lab`` (none yet for a new lab: a test then asks for them)."""
    name = f"tests.labs.wrong.{lab}"
    try:
        return importlib.import_module(name).WRONG
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return []


def notebook_path(folder: str, lab: str) -> Path:
    return next((REPO_ROOT / folder / lab).glob("*.ipynb"))


def cells_by_grade_id(notebook: Path) -> dict[str, dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in cells if "nbgrader" in cell["metadata"]}


def solution_sources(lab: str) -> dict[str, str]:
    """The instructor's answer for every solution cell of ``lab``, by grade_id."""
    return solution_answers(notebook_path("solutions", lab))


def graded_cells(lab: str) -> list[str]:
    """The grade_ids of the autograded test cells of ``lab``."""
    cells = cells_by_grade_id(notebook_path("solutions", lab))
    return [gid for gid, cell in cells.items() if cell["cell_type"] == "code" and cell["metadata"]["nbgrader"]["grade"]]


def apply(wrong: Wrong, answers: dict[str, str]) -> dict[str, str]:
    source = answers[wrong.cell]
    if source.count(wrong.old) != 1:
        raise ValueError(f"{wrong.name}: the text to replace is not found once in {wrong.cell}")
    return {**answers, wrong.cell: source.replace(wrong.old, wrong.new)}


def release_with(lab: str, answers: dict[str, str]) -> str:
    """The released notebook of ``lab`` with the solution cells named in ``answers`` filled in."""
    return filled_release(notebook_path("labs", lab), answers)


def write_submissions(lab: str, folder: Path) -> None:
    """reference.ipynb, blank.ipynb and one wrong-<name>.ipynb per wrong answer, in ``folder``."""
    folder.mkdir(parents=True)
    answers = solution_sources(lab)
    (folder / "reference.ipynb").write_text(release_with(lab, answers))
    (folder / "blank.ipynb").write_text(notebook_path("labs", lab).read_text(encoding="utf-8"))
    for wrong in wrong_answers(lab):
        (folder / f"wrong-{wrong.name}.ipynb").write_text(release_with(lab, apply(wrong, answers)))

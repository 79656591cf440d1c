"""Every lesson says, in the same words, what of it holds on real Amazon Bedrock and what is the simulation's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

NOTE_ID = "what-transfers"
TRANSFER_NOTE = """\
> **What transfers to real Bedrock.** Every call in this lesson is a real `boto3` call that botocore validates as it
> would against AWS: delete the `localbedrock.start()` line and skip the cells marked *Emulator only*, and the same
> code runs in your account, in the Regions and at the dated prices the lesson states (`bedrock_course.prices`).
> The quality figures do not transfer: the text, embedding and reranking models are simulated, calibrated against
> published findings where the course measures them, and `docs/model-behaviour.md` lists where they still differ.
> On AWS your figures will differ; the measurement, the comparison and the decision it feeds are what transfer."""

LESSONS = sorted((REPO_ROOT / "lessons").glob("0[1-6]_*.ipynb"))


def markdown_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]


def test_every_lesson_from_1_to_6_is_found():
    assert [p.name[:2] for p in LESSONS] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_the_lesson_opens_with_the_same_transfer_note(lesson: Path):
    cells = markdown_cells(lesson)
    notes = [c for c in cells if c.get("id") == NOTE_ID]
    assert len(notes) == 1, f"{lesson.name}: one markdown cell with id {NOTE_ID!r} (copy TRANSFER_NOTE from this test)"
    assert "".join(notes[0]["source"]) == TRANSFER_NOTE, f"{lesson.name}: the note differs from the course's wording"
    assert cells.index(notes[0]) == 1, f"{lesson.name}: the note follows the lesson's opening cell"

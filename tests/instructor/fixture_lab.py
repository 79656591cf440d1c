"""The grader's fixture lab, as the instructor tests use it: where it lives, its answers, filled-in notebooks."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.instructor.answers import filled_release as release_with_answers
from tests.conftest import REPO_ROOT

FIXTURE = REPO_ROOT / "tests" / "autograder" / "fixtures" / "course"
LAB = "lab01_demo"
MAX_SCORE = 8.0
ANSWERS = {
    "add_impl": "def add(a, b):\n    return a + b\n",
    "count_impl": "def count_words(text):\n    counts = {}\n    for w in text.split():\n"
    "        counts[w] = counts.get(w, 0) + 1\n    return counts\n",
    "answer_impl": "ANSWER = 42\n",
}


def copy_solutions(course: Path) -> None:
    """Put the fixture lab's instructor source, with its data file, under ``course``/solutions."""
    shutil.copytree(FIXTURE / "solutions", course / "solutions")
    shutil.copy(FIXTURE / "labs" / LAB / "words.txt", course / "solutions" / LAB)


def filled_release(release_notebook: Path, answers: dict[str, str]) -> bytes:
    """The student release with the answer cells named in ``answers`` (by grade_id) filled in."""
    return release_with_answers(release_notebook, answers).encode()

"""A learner presses nbgrader's Validate on a lab in JupyterLab: the blank lab fails, the solved lab passes.

Each lab (the course's, and the grader's fixture lab) is released afresh into build/browser-validate/ (under the
server's root, git-ignored), and a solved copy is made by filling every solution cell with the instructor's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.instructor.answers import filled_release, solution_answers
from autograder.instructor.release import release
from tests.browser.conftest import screenshot
from tests.conftest import REPO_ROOT

WORKDIR = REPO_ROOT / "build" / "browser-validate"
FIXTURE_COURSE = REPO_ROOT / "tests" / "autograder" / "fixtures" / "course"
COURSES = [(REPO_ROOT, p.name) for p in sorted((REPO_ROOT / "solutions").glob("lab*")) if p.is_dir()]
if FIXTURE_COURSE.is_dir():  # absent from the student bundle
    COURSES.append((FIXTURE_COURSE, "lab01_demo"))
VALIDATE_TIMEOUT_MS = 180_000


@pytest.fixture
def lab_copies(request) -> tuple[Path, Path]:
    """(blank, solved) notebooks of the lab, freshly released under the server root."""
    course_root, lab = request.param
    course = WORKDIR / lab / "course"
    shutil.rmtree(WORKDIR / lab, ignore_errors=True)
    shutil.copytree(course_root / "solutions" / lab, course / "solutions" / lab)
    for data in (course_root / "labs" / lab).glob("*"):
        if data.suffix != ".ipynb" and not (course / "solutions" / lab / data.name).exists():
            shutil.copy(data, course / "solutions" / lab)  # data files that live only in the release
    release(course, [lab])
    released = course / "labs" / lab
    notebook = next(released.glob("*.ipynb"))
    answers = solution_answers(next((course / "solutions" / lab).glob("*.ipynb")))
    solved = WORKDIR / lab / "solved"
    shutil.copytree(released, solved)
    (solved / notebook.name).write_text(filled_release(notebook, answers))
    return notebook, solved / notebook.name


def validate(page, lab_server, notebook: Path) -> str:
    path = notebook.relative_to(REPO_ROOT).as_posix()
    page.goto(lab_server.url(f"/lab/tree/{path}?reset"))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
    panel.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=VALIDATE_TIMEOUT_MS)
    return dialog.inner_text()


@pytest.mark.parametrize("lab_copies", COURSES, ids=[lab for _, lab in COURSES], indirect=True)
def test_validate_fails_the_blank_lab_and_passes_the_solved_one(lab_server, page, lab_copies):
    blank, solved = lab_copies
    lab = blank.parent.name
    blank_report = validate(page, lab_server, blank)
    screenshot(page, f"validate-{lab}-blank")
    assert "Success" not in blank_report, f"{lab}: Validate passed the blank lab"
    assert "failed" in blank_report, f"{lab}: Validate did not report failing tests:\n{blank_report[:1000]}"
    solved_report = validate(page, lab_server, solved)
    screenshot(page, f"validate-{lab}-solved")
    assert "Success! Your notebook passes all the tests." in solved_report, f"{lab}:\n{solved_report[:2000]}"

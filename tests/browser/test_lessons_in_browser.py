"""A learner opens each lesson in JupyterLab, runs all cells, and sees results, plots and no errors.

The run is then saved under another name (the committed lesson stays untouched) and handed to the lesson's notebook
test (tests/test_notebooks.py), which checks the saved outputs instead of running the lesson a second time.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import REPO_ROOT

LESSONS = sorted((REPO_ROOT / "lessons").glob("*.ipynb"))
RUN_TIMEOUT_MS = 180_000
SAVE_TIMEOUT_S = 60
SAVED = REPO_ROOT / "build" / "browser-lessons"  # under the server's root, git-ignored; kept to look at
ERROR_TEXT = re.compile(r"Traceback|\b\w+(Error|Exception)\b")


def code_cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"]


def run_all_cells(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # Done when every code cell has run, or when Run All stopped at an error (nothing queued, an error shown).
    page.wait_for_function(
        """() => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
            const allRan = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p));
            const busy = prompts.some(p => p.includes('*'));
            const failed = panel.querySelector(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']") !== null;
            return allRan || (failed && !busy);
        }""",
        timeout=RUN_TIMEOUT_MS,
    )


def save_run_as(page, target: Path) -> Path:
    """Save the open notebook, outputs and all, as ``target`` (File > Save Notebook As); return it once written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # the last run's copy: JupyterLab would ask before overwriting it
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Save Notebook As")).click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input").fill(target.relative_to(REPO_ROOT).as_posix())
    dialog.get_by_role("button", name="Save", exact=True).click()
    deadline = time.monotonic() + SAVE_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            saved = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not there yet, or still being written
            saved = None
        if saved and any(cell.get("outputs") for cell in saved["cells"] if cell["cell_type"] == "code"):
            return target
        time.sleep(0.2)
    raise AssertionError(f"JupyterLab did not save the run as {target} within {SAVE_TIMEOUT_S} s")


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_all_cells_without_errors_and_shows_its_plots(lab_server, page, lesson: Path, lesson_runs):
    page.goto(lab_server.url(f"/lab/tree/lessons/{lesson.name}?reset"))  # reset: no tabs left by other tests
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
    page.get_by_text("Python 3 (Bedrock course) | Idle").wait_for()
    run_all_cells(page)
    screenshot(page, f"lesson-{lesson.stem}")

    stderr = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    errors = [text for text in stderr.all_inner_texts() if ERROR_TEXT.search(text)]
    assert not errors, f"lesson {lesson.name} shows an error after Run All:\n{errors[0][:2000]}"

    # text_contents, not inner_texts: JupyterLab does not render cells scrolled out of view.
    prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
    expected = code_cells(lesson)
    assert len(prompts) == len(expected), f"lesson {lesson.name}: {len(prompts)} code cells shown of {len(expected)}"
    not_run = [i for i, prompt in enumerate(prompts) if not re.search(r"\[\d+\]", prompt)]
    assert not not_run, f"lesson {lesson.name}: code cells {not_run} did not run"

    cells = panel.locator(".jp-Notebook .jp-CodeCell")
    for index, cell in enumerate(expected):
        if "plot" in cell.get("metadata", {}).get("tags", []):
            images = cells.nth(index).locator(".jp-OutputArea-output img")
            assert images.count() > 0, f"lesson {lesson.name}: code cell {index} is tagged 'plot' but shows no image"

    shutil.copy(save_run_as(page, SAVED / lesson.name), lesson_runs / lesson.name)

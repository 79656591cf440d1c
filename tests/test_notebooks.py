"""Every notebook a learner or instructor opens runs top to bottom, and is committed clean."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.instructor.release import release
from tests.conftest import REPO_ROOT
from tests.notebook_harness import NotebookFailure, dependencies_digest, execute_notebook, run_key
from tests.prose_figures import unsupported_figures

EXECUTED_DIRS = ("lessons", "solutions")
ALL_NOTEBOOK_DIRS = ("lessons", "solutions", "labs")


def notebooks_under(*dirs: str) -> list[Path]:
    found = []
    for name in dirs:
        found += [p for p in sorted((REPO_ROOT / name).rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
    return found


def relative_ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(REPO_ROOT)) for p in paths]


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


EXECUTED = notebooks_under(*EXECUTED_DIRS)


def test_start_here_notebook_exists():
    assert (REPO_ROOT / "lessons" / "00_start_here.ipynb").is_file()


@pytest.fixture(scope="session")
def dependencies() -> str:
    return dependencies_digest(REPO_ROOT)


def browser_run(notebook: Path, lesson_runs: Path) -> nbformat.NotebookNode | None:
    """The run of this lesson that the browser test saved in this test run (tests/browser), if there is one."""
    saved = lesson_runs / notebook.name
    if notebook.parent.name != "lessons" or not saved.is_file():
        return None
    return nbformat.read(saved, as_version=4)


def unfinished_cells(executed: nbformat.NotebookNode) -> list[str]:
    """Code cells of a saved run that did not run, or ended in an error (index and error)."""
    found = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            found.append(f"cell {index}: {errors[0].get('ename')}: {errors[0].get('evalue')}")
        elif cell.get("execution_count") is None:
            found.append(f"cell {index}: did not run")
    return found


@pytest.mark.parametrize("notebook", EXECUTED, ids=relative_ids(EXECUTED))
def test_notebook_runs_top_to_bottom(notebook: Path, tmp_path: Path, request, dependencies, lesson_runs):
    """Every lesson and solution runs to the end in a fresh kernel, and its prose quotes its own run.

    A lesson that the browser test has just run with Run All in JupyterLab (from its own folder, as a learner runs
    it) is checked on the notebook that run saved; otherwise, and for every solution, the notebook is run here with
    another folder as its working directory."""
    # A notebook that ran clean is run again only when it or what it depends on changed (pytest's cache, keyed by
    # content; `--cache-clear` runs every notebook).
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider: every notebook runs
    cache_entry, key = f"notebooks/{notebook.relative_to(REPO_ROOT)}", run_key(notebook, dependencies)
    if cache is not None and cache.get(cache_entry, None) == key:
        pytest.skip("ran clean before, and neither it nor what it depends on has changed since")
    executed = browser_run(notebook, lesson_runs)
    if executed is not None:
        unfinished = unfinished_cells(executed)
        assert not unfinished, f"{notebook.name}, as run in the browser: {'; '.join(unfinished)}"
    else:
        try:
            executed = execute_notebook(notebook, workdir=tmp_path)
        except NotebookFailure as failure:
            pytest.fail(str(failure), pytrace=False)
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code")
    stale = unsupported_figures(executed.cells)
    assert not stale, (
        f"{notebook.name}: the prose states figures its run does not print or set ({'; '.join(stale)}); quote the "
        "run, or mark a figure that does not come from it (tests/prose_figures.py)"
    )
    if cache is not None:
        cache.set(cache_entry, key)


ALL = notebooks_under(*ALL_NOTEBOOK_DIRS)


@pytest.mark.parametrize("notebook", ALL, ids=relative_ids(ALL))
def test_committed_notebook_has_no_outputs_or_execution_counts(notebook: Path):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"])]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; clear them before committing"


def test_labs_match_what_release_generates_from_solutions(tmp_path: Path):
    if not (REPO_ROOT / "solutions").is_dir():
        pytest.skip("no solutions/ here (a student bundle, or no labs yet): labs/ is as released")
    course = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "solutions", course / "solutions")
    release(course)
    committed, generated = tree_bytes(REPO_ROOT / "labs"), tree_bytes(course / "labs")
    stale = sorted(name for name in committed.keys() | generated.keys() if committed.get(name) != generated.get(name))
    assert not stale, f"labs/ is out of date with solutions/ ({stale}); run `autograder release`"


def test_a_saved_run_with_an_error_or_a_cell_not_run_is_not_finished():
    ran = nbformat.v4.new_code_cell("1", execution_count=1, outputs=[nbformat.v4.new_output("stream", text="1\n")])
    failed = nbformat.v4.new_code_cell("x", execution_count=2)
    error = nbformat.v4.new_output("error", ename="NameError", evalue="name 'x' is not defined", traceback=[])
    failed.outputs = [error]
    never = nbformat.v4.new_code_cell("2")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), ran, failed, never])
    assert unfinished_cells(notebook) == ["cell 2: NameError: name 'x' is not defined", "cell 3: did not run"]
    assert unfinished_cells(nbformat.v4.new_notebook(cells=[ran])) == []


def test_only_a_lesson_is_checked_on_the_browsers_saved_run(tmp_path: Path):
    lesson = REPO_ROOT / "lessons" / "00_start_here.ipynb"
    solution = tmp_path / "solutions" / "lab01_x" / "lab01.ipynb"  # a solution notebook's place (none in a bundle)
    solution.parent.mkdir(parents=True)
    shutil.copy(lesson, solution)
    runs = tmp_path / "runs"
    runs.mkdir()
    assert browser_run(lesson, runs) is None  # nothing saved yet
    for notebook in (lesson, solution):
        shutil.copy(lesson, runs / notebook.name)
    assert browser_run(lesson, runs) is not None
    assert browser_run(solution, runs) is None

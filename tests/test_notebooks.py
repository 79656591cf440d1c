"""Every notebook a learner or instructor opens runs top to bottom, and is committed clean."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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


@pytest.mark.parametrize("notebook", EXECUTED, ids=relative_ids(EXECUTED))
def test_notebook_runs_top_to_bottom_from_any_directory(notebook: Path, tmp_path: Path, request, dependencies):
    # A notebook that ran clean is run again only when it or what it depends on changed (pytest's cache, keyed by
    # content; `--cache-clear` runs every notebook).
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider: every notebook runs
    cache_entry, key = f"notebooks/{notebook.relative_to(REPO_ROOT)}", run_key(notebook, dependencies)
    if cache is not None and cache.get(cache_entry, None) == key:
        pytest.skip("ran clean before, and neither it nor what it depends on has changed since")
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

"""`autograder release` turns solutions/ into the student labs/ the way nbgrader's generate_assignment does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.instructor.release import ReleaseError, release, student_version

LAB = "lab01_demo"


def nbgrader_meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {"schema_version": 3, "grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Demo lab\nRead-only instructions.", metadata=nbgrader_meta("intro", locked=True)),
        new_code_cell(
            "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
            metadata=nbgrader_meta("double", solution=True),
            outputs=[nbformat.v4.new_output("stream", text="leftover\n")],
            execution_count=3,
        ),
        new_code_cell(
            "assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(-7) == -14\n### END HIDDEN TESTS",
            metadata=nbgrader_meta("test_double", grade=True, locked=True, points=2),
        ),
        new_markdown_cell(
            "Why?\n\n### BEGIN SOLUTION\nBecause twice is double.\n### END SOLUTION",
            metadata=nbgrader_meta("why", solution=True, grade=True, points=1),
        ),
        new_code_cell("scratch = 1"),
    ]
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = new_notebook(cells=cells, metadata={"kernelspec": kernelspec})
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nb


@pytest.fixture
def course(tmp_path: Path) -> Path:
    lab_dir = tmp_path / "solutions" / LAB
    lab_dir.mkdir(parents=True)
    nbformat.write(source_notebook(), lab_dir / "lab01.ipynb")
    (lab_dir / "data.csv").write_text("x\n1\n")
    return tmp_path


def released_cells(course: Path) -> list[nbformat.NotebookNode]:
    return nbformat.read(course / "labs" / LAB / "lab01.ipynb", as_version=4).cells


def test_solution_code_is_replaced_by_a_stub(course):
    release(course)
    cell = released_cells(course)[1]
    assert "return 2 * x" not in cell.source
    assert "raise NotImplementedError()" in cell.source
    assert cell.source.startswith("def double(x):")


def test_written_answers_are_replaced_by_a_prompt(course):
    release(course)
    cell = released_cells(course)[3]
    assert "twice" not in cell.source
    assert "YOUR ANSWER HERE" in cell.source


def test_hidden_tests_are_removed_and_visible_tests_kept(course):
    release(course)
    cell = released_cells(course)[2]
    assert cell.source.strip() == "assert double(2) == 4"


def test_outputs_and_execution_counts_are_cleared(course):
    release(course)
    code = [c for c in released_cells(course) if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_test_and_read_only_cells_are_locked_with_checksums(course):
    release(course)
    cells = released_cells(course)
    for index in (0, 2):
        assert cells[index].metadata["deletable"] is False
        assert cells[index].metadata["editable"] is False
        assert len(cells[index].metadata["nbgrader"]["checksum"]) == 32


def test_cell_ids_and_data_files_carry_over(course):
    release(course)
    assert [c.id for c in released_cells(course)] == [f"cell-{i}" for i in range(5)]
    assert (course / "labs" / LAB / "data.csv").read_text() == "x\n1\n"


def test_release_is_byte_identical_when_run_twice(course):
    release(course)
    first = (course / "labs" / LAB / "lab01.ipynb").read_bytes()
    release(course)
    assert (course / "labs" / LAB / "lab01.ipynb").read_bytes() == first


def test_release_removes_files_that_left_the_source(course):
    release(course)
    (course / "solutions" / LAB / "data.csv").unlink()
    release(course)
    assert not (course / "labs" / LAB / "data.csv").exists()


def test_source_notebook_is_not_modified():
    nb = source_notebook()
    before = json.dumps(nb, sort_keys=True)
    student_version(nb)
    assert json.dumps(nb, sort_keys=True) == before


def break_cell(course: Path, index: int, change) -> None:
    path = course / "solutions" / LAB / "lab01.ipynb"
    nb = nbformat.read(path, as_version=4)
    change(nb.cells[index])
    nbformat.write(nb, path)


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (2, lambda c: c.metadata.nbgrader.pop("grade_id"), "cell 2: nbgrader cell has no grade_id"),
        (2, lambda c: c.metadata.nbgrader.update(grade_id="double"), "'double' is also used by cell 1"),
        (2, lambda c: c.metadata.nbgrader.update(grade_id="test double"), "may hold only letters"),
        (2, lambda c: c.metadata.nbgrader.pop("points"), "graded cell has no points"),
        (4, lambda c: setattr(c, "source", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), "cell 4: solution markers"),
        (1, lambda c: setattr(c, "source", c.source + "\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS"), "hidden-test"),
        (1, lambda c: setattr(c, "source", c.source.replace("### END SOLUTION", "")), "do not pair up"),
    ],
    ids=["missing-id", "duplicate-id", "bad-id", "no-points", "stray-solution", "stray-hidden", "unpaired"],
)
def test_malformed_source_is_refused_naming_the_cell_and_nothing_is_written(course, index, change, message):
    release(course)
    before = (course / "labs" / LAB / "lab01.ipynb").read_bytes()
    break_cell(course, index, change)
    with pytest.raises(ReleaseError, match=message):
        release(course)
    assert (course / "labs" / LAB / "lab01.ipynb").read_bytes() == before


def test_unreadable_source_notebook_is_refused(course):
    (course / "solutions" / LAB / "lab01.ipynb").write_text("{not json")
    with pytest.raises(ReleaseError, match="not a readable notebook"):
        release(course)


def test_unknown_lab_is_refused_with_the_known_ones(course):
    with pytest.raises(ReleaseError, match=f"no lab named lab09_x .*available: {LAB}"):
        release(course, ["lab09_x"])


def test_same_student_notebook_as_nbgrader_generate_assignment(course, tmp_path, venv_env):
    """Cell by cell, our release equals nbgrader's own (sources, cell types, nbgrader metadata)."""
    release(course)
    nbgrader_course = tmp_path / "nbgrader"
    (nbgrader_course / "source").mkdir(parents=True)
    (nbgrader_course / "source" / LAB).symlink_to(course / "solutions" / LAB)
    env = {**venv_env, "JUPYTER_PLATFORM_DIRS": "1"}
    subprocess.run(
        ["nbgrader", "generate_assignment", LAB, "--force", "--CourseDirectory.root=."],
        cwd=nbgrader_course,
        env=env,
        check=True,
        capture_output=True,
    )
    theirs = nbformat.read(nbgrader_course / "release" / LAB / "lab01.ipynb", as_version=4).cells
    ours = released_cells(course)
    assert [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in ours] == [
        (c.cell_type, c.source, c.metadata.get("nbgrader")) for c in theirs
    ]

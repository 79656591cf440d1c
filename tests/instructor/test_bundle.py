"""`autograder bundle --student` gives learners the course without solutions, hidden tests or grading tests."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.instructor.bundle import BundleError, student_bundle
from tests.conftest import REPO_ROOT


def write(path: Path, text: str = "x\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for name in (
        "README.md",
        "Makefile",
        "lessons/01_intro.ipynb",
        "labs/lab01_x/lab01.ipynb",
        "data/a.md",
        "solutions/lab01_x/lab01.ipynb",
        "tests/autograder/fixtures/lab.ipynb",
        "tests/test_setup.py",
        ".venv/bin/python",
        "lessons/__pycache__/x.pyc",
    ):
        write(root / name, '{"cells": []}\n' if name.endswith(".ipynb") else "x\n")
    return root


def names(zip_path: Path) -> set[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return set(archive.namelist())


def test_bundle_holds_the_learner_files_and_nothing_of_the_instructor(course: Path, tmp_path: Path):
    out, count = student_bundle(course, tmp_path / "course-student.zip")
    assert names(out) == {
        "course-student/README.md",
        "course-student/Makefile",
        "course-student/lessons/01_intro.ipynb",
        "course-student/labs/lab01_x/lab01.ipynb",
        "course-student/data/a.md",
        "course-student/tests/test_setup.py",
    }
    assert count == 6


def test_bundle_refuses_a_notebook_with_hidden_tests_and_writes_nothing(course: Path, tmp_path: Path):
    write(course / "labs/lab01_x/lab01.ipynb", '{"cells": [{"source": "### BEGIN HIDDEN TESTS"}]}')
    with pytest.raises(BundleError, match=re.escape("labs/lab01_x/lab01.ipynb contains '### BEGIN HIDDEN TESTS'")):
        student_bundle(course, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_bundle_refuses_a_folder_that_is_not_the_course(tmp_path: Path):
    with pytest.raises(BundleError, match="no lessons/"):
        student_bundle(tmp_path, tmp_path / "b.zip")


def test_same_course_gives_the_same_bytes(course: Path, tmp_path: Path):
    first, _ = student_bundle(course, tmp_path / "one" / "b.zip")
    second, _ = student_bundle(course, tmp_path / "two" / "b.zip")
    assert first.read_bytes() == second.read_bytes()


def test_this_course_bundle_runs_its_own_notebook_tests(tmp_path: Path, venv_env):
    """The bundle's own notebook tests pass inside it: every check of every notebook, and two lessons executed top to
    bottom with its harness, its packages and its data (tests/test_notebooks.py executes them all from the repo, and
    the bundle carries localbedrock, bedrock_course and data whole, so the other lessons would add time, not cover)."""
    out, _ = student_bundle(REPO_ROOT, tmp_path / "bedrock-course.zip")
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / "bedrock-course"
    assert (unpacked / "lessons" / "00_start_here.ipynb").is_file()
    assert not (unpacked / "solutions").exists()
    executed = "00_start_here or 03_rag_from_scratch"  # the learner's first lesson, and one that reads the corpus
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-v",
            "-p",
            "no:cacheprovider",
            "tests/test_notebooks.py",
            "-k",
            f"not test_notebook_runs_top_to_bottom or {executed}",
        ],
        cwd=unpacked,
        env=venv_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    ran = [
        line for line in result.stdout.splitlines() if "test_notebook_runs_top_to_bottom" in line and "PASSED" in line
    ]
    assert len(ran) == 2, result.stdout[-3000:]

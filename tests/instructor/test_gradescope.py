"""`autograder bundle LAB --gradescope`: a zip that follows Gradescope's autograder layout and grades a submission.

Gradescope's machine is imitated in a temporary folder: the zip unpacked into <root>/source, run_autograder copied
to <root>, the course's venv standing in for the one setup.sh builds, AUTOGRADER_ROOT pointing at <root>.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from autograder.instructor.gradescope import build_bundle
from autograder.instructor.release import release
from tests.conftest import REPO_ROOT
from tests.instructor.fixture_lab import ANSWERS, FIXTURE, LAB, MAX_SCORE, copy_solutions, filled_release
from tests.instructor.test_private_tests import PRIVATE_MAX, write_private


def released_course(course: Path) -> Path:
    course.mkdir(exist_ok=True)
    for name in ("pyproject.toml", "requirements.lock", "README.md", "LICENSE"):
        shutil.copy(REPO_ROOT / name, course)
    for package in ("autograder", "localbedrock"):
        shutil.copytree(REPO_ROOT / package, course / package, ignore=shutil.ignore_patterns("__pycache__"))
    copy_solutions(course)
    release(course)
    return course


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    course = released_course(tmp_path_factory.mktemp("course"))
    out, _ = build_bundle(course, LAB, course / "dist" / "autograder.zip")
    return out


def gradescope_run(bundle: Path, root: Path, notebook: bytes | None, env: dict) -> dict:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "venv").symlink_to(REPO_ROOT / ".venv")
    (root / "submission").mkdir()
    if notebook is not None:
        (root / "submission" / f"{LAB}.ipynb").write_bytes(notebook)
    run = subprocess.run(
        ["bash", str(root / "run_autograder")],
        env={**env, "AUTOGRADER_ROOT": str(root)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_has_gradescope_entry_points_and_only_this_lab(bundle: Path):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "requirements.lock", "pyproject.toml"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert f"solutions/{LAB}/{LAB}.ipynb" in names and f"labs/{LAB}/words.txt" in names
    assert any(name.startswith("autograder/") for name in names)
    assert not any("__pycache__" in name for name in names)


def test_run_autograder_grades_the_submission_into_results_json(bundle: Path, tmp_path: Path, venv_env):
    results = gradescope_run(
        bundle, tmp_path, filled_release(FIXTURE / "labs" / LAB / f"{LAB}.ipynb", ANSWERS), venv_env
    )
    assert results["score"] == MAX_SCORE
    assert {test["name"] for test in results["tests"]} >= {"test_add", "test_count"}
    for test in results["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility"}


def test_run_autograder_without_a_notebook_still_writes_results(bundle: Path, tmp_path: Path, venv_env):
    results = gradescope_run(bundle, tmp_path, None, venv_env)
    assert results["score"] == 0.0
    assert "Submit exactly one notebook" in results["output"]


def test_private_tests_travel_in_the_zip_and_are_graded_hidden(tmp_path: Path, venv_env):
    course = released_course(tmp_path / "course")
    write_private(tmp_path / "private")
    (course / "course.toml").write_text('[grading]\nprivate_tests = "../private"\n')
    bundle, _ = build_bundle(course, LAB, tmp_path / "autograder.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        config = archive.read("course.toml").decode()
    assert {f"private_tests/{LAB}/tests.toml", f"private_tests/{LAB}/scenarios.json"} <= names
    assert f'private_tests = "private_tests/{LAB}"' in config
    notebook = filled_release(FIXTURE / "labs" / LAB / f"{LAB}.ipynb", ANSWERS)
    results = gradescope_run(bundle, tmp_path / "gradescope", notebook, venv_env)
    tests = {test["name"]: test for test in results["tests"]}
    assert results["score"] == PRIVATE_MAX
    assert (tests["test_count_private"]["score"], tests["test_count_private"]["output"]) == (2, "")


def test_a_malformed_private_folder_stops_the_bundle(tmp_path: Path):
    course = released_course(tmp_path / "course")
    (write_private(tmp_path / "private") / "tests.toml").write_text("[[test]]\ngrade_id = 'x'\n")
    (course / "course.toml").write_text('[grading]\nprivate_tests = "../private"\n')
    with pytest.raises(ValueError, match=r"tests\.toml"):
        build_bundle(course, LAB, tmp_path / "autograder.zip")
    assert not (tmp_path / "autograder.zip").exists()

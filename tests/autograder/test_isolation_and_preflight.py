"""Which isolation runs where, and the preflight that keeps a broken environment from grading anyone.

A learner's `check` needs no sandbox (tested with bubblewrap hidden from PATH); `grade` requires one unless
--no-sandbox, which every record then shows; before a batch the lab's reference is graded in the same environment,
and a kernel interpreter without a package the lab imports stops grading before any submission.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from grader_helpers import COURSE, LAB, grader_env, submissions

from autograder.course.labs import load_lab
from autograder.instructor.preflight import preflight
from autograder.sandbox.advice import how_to_get_bubblewrap
from autograder.sandbox.limits import Limits
from tests.conftest import REPO_ROOT

REAL_LAB = "lab03_rag"  # imports numpy in its setup cell


def without_bubblewrap(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The grader's environment on a machine without bwrap: PATH holds the venv and prlimit only."""
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "prlimit").symlink_to(shutil.which("prlimit"))
    return {**grader_env(), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{tools}", **extra}


def autograder(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "autograder", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def solved(tmp_path: Path) -> Path:
    """The fixture lab solved, in a lab folder of its own (as a learner keeps it)."""
    folder = tmp_path / "labs" / LAB
    shutil.copytree(COURSE / "labs" / LAB, folder)
    notebook = folder / f"{LAB}.ipynb"
    notebook.write_bytes(submissions.answer(submissions.SOLUTIONS))
    return notebook


def test_check_without_bubblewrap_runs_the_learners_code_and_says_so(tmp_path):
    done = autograder("check", str(solved(tmp_path)), "--course", str(COURSE), env=without_bubblewrap(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("isolation: none")
    assert "PASS" in done.stdout and "FAIL" not in done.stdout


def test_check_shows_the_first_error_of_the_learners_own_cells_before_the_tests(tmp_path):
    notebook = solved(tmp_path)
    broken = {**submissions.SOLUTIONS, "count_impl": "def count_words(text):\n    return {}\nraise KeyError('oops')"}
    notebook.write_bytes(submissions.answer(broken))
    done = autograder("check", str(notebook), "--course", str(COURSE), env=without_bubblewrap(tmp_path))
    assert done.returncode == 0, done.stderr
    first = next(i for i, line in enumerate(done.stdout.splitlines()) if line.startswith("first error"))
    assert "count_impl raised KeyError: 'oops'" in done.stdout.splitlines()[first]
    assert first < next(i for i, line in enumerate(done.stdout.splitlines()) if "test_" in line)


def test_grade_without_bubblewrap_stops_and_says_how_to_get_it(tmp_path):
    notebook = solved(tmp_path)
    done = autograder(
        "grade",
        LAB,
        str(notebook),
        "--course",
        str(COURSE),
        "--out",
        str(tmp_path / "out"),
        env=without_bubblewrap(tmp_path),
    )
    assert done.returncode == 2
    assert "bubblewrap (bwrap) is not installed" in done.stderr
    assert how_to_get_bubblewrap() in done.stderr and "--no-sandbox" in done.stderr
    assert not (tmp_path / "out").exists()


def test_grade_no_sandbox_is_recorded_in_every_record(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ada.ipynb").write_bytes(submissions.answer(submissions.SOLUTIONS))
    (folder / "bob.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    env = without_bubblewrap(tmp_path, AUTOGRADER_CACHE_DIR=str(tmp_path / "cache"))
    done = autograder(
        "grade", LAB, str(folder), "--course", str(COURSE), "--out", str(tmp_path / "out"), "--no-sandbox", env=env
    )
    assert done.returncode == 0, done.stderr
    assert "isolation: none" in done.stderr
    records = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")]
    assert len(records) == 2 and {r["sandbox"] for r in records} == {"none"}


@pytest.mark.parametrize(
    ("system", "os_release", "expected"),
    [
        ("Linux", "ID=debian\n", "sudo apt-get install bubblewrap"),
        ("Linux", 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', "sudo apt-get install bubblewrap"),
        ("Linux", "ID=fedora\n", "sudo dnf install bubblewrap"),
        ("Linux", "ID=gentoo\n", "your distribution's package manager"),
        ("Darwin", "", "needs Linux with bubblewrap, which Darwin does not have"),
    ],
)
def test_the_advice_names_this_machines_way_to_get_bubblewrap(tmp_path, system, os_release, expected):
    (tmp_path / "os-release").write_text(os_release)
    advice = how_to_get_bubblewrap(system, tmp_path / "os-release")
    assert expected in advice and "--no-sandbox" in advice


def interpreter_without_numpy(folder: Path) -> Path:
    """A venv that sees the course's packages except numpy, whose import fails as in a venv that lacks it."""
    venv.create(folder, with_pip=False, symlinks=True)
    target = next(folder.glob("lib/python3*/site-packages"))
    course_site = next(Path(p) for p in site.getsitepackages() if p.endswith("site-packages"))
    (target / "course.pth").write_text(f"import site; site.addsitedir({str(course_site)!r})\n")
    (target / "_no_numpy.py").write_text(
        "import sys\n\n\n"
        "class NoNumpy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'numpy':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n\n\n"
        "sys.meta_path.insert(0, NoNumpy())\n"
    )
    (target / "_no_numpy.pth").write_text("import _no_numpy\n")
    python = folder / "bin" / "python"
    assert subprocess.run([python, "-c", "import ipykernel, boto3"], capture_output=True).returncode == 0
    assert subprocess.run([python, "-c", "import numpy"], capture_output=True).returncode != 0
    return python


@pytest.fixture(scope="module")
def no_numpy(tmp_path_factory) -> Path:
    return interpreter_without_numpy(tmp_path_factory.mktemp("no-numpy") / "venv")


def reference_of(lab: str, folder: Path) -> Path:
    from tests.labs.submissions import write_submissions

    write_submissions(lab, folder)
    for other in folder.iterdir():
        if other.name != "reference.ipynb":
            other.unlink()
    return folder / "reference.ipynb"


def test_preflight_stops_a_batch_before_any_submission_when_the_kernel_lacks_numpy(tmp_path, no_numpy):
    submission = reference_of(REAL_LAB, tmp_path / "submitted")
    out = tmp_path / "out"
    env = {**grader_env(), "AUTOGRADER_CACHE_DIR": str(tmp_path / "cache")}
    args = ["grade", REAL_LAB, str(submission), "--course", str(REPO_ROOT), "--out", str(out)]
    done = autograder(*args, "--kernel-python", str(no_numpy), "--no-sandbox", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "preflight: the reference solution of lab03_rag" in done.stderr
    assert "ModuleNotFoundError" in done.stderr and "numpy" in done.stderr
    assert "--kernel-python" in done.stderr  # what to do
    assert not list(out.glob("*.json")) if out.exists() else True


def test_an_environment_error_during_a_submission_flags_it_instead_of_grading_it(tmp_path, no_numpy):
    """Without the preflight (skipped), the broken environment reaches the submission: its record names the cause."""
    submission = reference_of(REAL_LAB, tmp_path / "submitted")
    out = tmp_path / "out"
    args = ["grade", REAL_LAB, str(submission), "--course", str(REPO_ROOT), "--out", str(out), "--skip-preflight"]
    done = autograder(*args, "--kernel-python", str(no_numpy), "--no-sandbox", env=grader_env())
    assert done.returncode == 0, done.stderr
    assert "--skip-preflight" in done.stderr
    record = json.loads((out / "reference.json").read_text())
    assert record["status"] == "flagged"
    assert any(r.startswith("environment error") and "numpy" in r for r in record["reasons"]), record["reasons"]


def test_a_passed_preflight_is_cached_for_the_lab_and_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path / "cache"))
    lab = load_lab(COURSE, LAB)
    limits = Limits(cell_timeout=10, notebook_timeout=60)
    assert preflight(lab, limits, "none", None) is True
    assert preflight(lab, limits, "none", None) is False
    assert preflight(lab, Limits(cell_timeout=11, notebook_timeout=60), "none", None) is True  # another environment


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"just some text\n", "not a notebook: the file is not valid JSON"), (b'{"a": 1}', "not a notebook")],
)
def test_check_names_a_file_that_is_not_a_notebook(tmp_path, content, expected):
    (tmp_path / "answers.txt").write_bytes(content)
    done = autograder("check", str(tmp_path / "answers.txt"), env=without_bubblewrap(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr and ".ipynb" in done.stderr


def test_check_on_a_missing_path_exits_non_zero_and_says_what_to_give(tmp_path):
    done = autograder("check", str(tmp_path / "lab01.ipynb"), env=without_bubblewrap(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert f"no such file: {tmp_path / 'lab01.ipynb'}" in done.stderr and "autograder check labs/" in done.stderr

"""Each lab graded once per session by the real grader: its reference, its blank release, its wrong answers."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.labs.submissions import notebook_path, write_submissions


@pytest.fixture(scope="session")
def graded(once_per_run, venv_env) -> Callable[[str], Path]:
    """``graded(lab)``: a folder holding the lab's submissions (``submitted/<student>.ipynb``) and the grader's
    records of them (``results/``), graded in one batch, once per test run."""

    def grade_into(lab: str, work: Path) -> None:
        write_submissions(lab, work / "submitted")
        command = [sys.executable, "-m", "autograder", "grade", lab, str(work / "submitted")]
        command += ["--course", str(REPO_ROOT), "--out", str(work / "results"), "--workers", "2"]
        # The batch holds the reference, whose full marks test_labs asserts: a preflight would grade it twice, except
        # where the hidden tests keep values for the batch (autograder.grading.kept), which only the preflight computes.
        if "autograder.grading.kept" not in notebook_path("solutions", lab).read_text(encoding="utf-8"):
            command += ["--skip-preflight"]
        done = subprocess.run(command, capture_output=True, text=True, env=venv_env, timeout=900)
        assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"

    return lambda lab: once_per_run(f"graded-{lab}", lambda work: grade_into(lab, work))


@pytest.fixture(scope="session")
def records(graded) -> Callable[[str], dict[str, dict]]:
    """``records(lab)``: {student: result record} for every submission of the lab."""

    def load(lab: str) -> dict[str, dict]:
        return {path.stem: json.loads(path.read_text()) for path in (graded(lab) / "results").glob("*.json")}

    return load

"""Each lab graded once per session by the real grader: its reference, its blank release, its wrong answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.labs.submissions import write_submissions


@pytest.fixture(scope="session")
def graded(tmp_path_factory) -> Callable[[str], Path]:
    """``graded(lab)``: a folder holding the lab's submissions (``submitted/<student>.ipynb``) and the grader's
    records of them (``results/``), graded in one batch."""
    folders: dict[str, Path] = {}

    def grade(lab: str) -> Path:
        if lab not in folders:
            work = tmp_path_factory.mktemp(lab)
            write_submissions(lab, work / "submitted")
            env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
            env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
            command = [sys.executable, "-m", "autograder", "grade", lab, str(work / "submitted")]
            command += ["--course", str(REPO_ROOT), "--out", str(work / "results"), "--workers", "2"]
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
            assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
            folders[lab] = work
        return folders[lab]

    return grade


@pytest.fixture(scope="session")
def records(graded) -> Callable[[str], dict[str, dict]]:
    """``records(lab)``: {student: result record} for every submission of the lab."""

    def load(lab: str) -> dict[str, dict]:
        return {path.stem: json.loads(path.read_text()) for path in (graded(lab) / "results").glob("*.json")}

    return load

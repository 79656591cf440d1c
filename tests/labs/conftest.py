"""Each lab graded once per session by the real grader: its reference, its blank release, its wrong answers."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.labs.submissions import notebook_path, write_submissions
from tests.notebook_harness import dependencies_digest, files_digest

# What a lab's graded batch depends on besides what a notebook run does (tests/notebook_harness.py: the emulator,
# the course package, the data, the lock) and the lab's own folders: the grader, and the code that writes the
# submissions and runs the batch.
BATCH_INPUTS = ("autograder", "pyproject.toml", "tests/labs/submissions.py", "tests/labs/conftest.py")


def batch_key(lab: str) -> str:
    """Changes whenever anything the lab's graded batch depends on changes: every file it reads from the repository,
    the interpreter, and the sandbox the grader finds (bubblewrap or none)."""
    own = [*BATCH_INPUTS, f"solutions/{lab}", f"labs/{lab}", f"tests/labs/wrong/{lab}.py"]
    bwrap = shutil.which("bwrap")
    sandbox = f"{bwrap} {os.stat(bwrap).st_size} {os.stat(bwrap).st_mtime_ns}" if bwrap else "none"
    parts = [dependencies_digest(REPO_ROOT), files_digest(REPO_ROOT, own), sys.version, platform.platform(), sandbox]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _cached_batch(config: pytest.Config, lab: str, key: str) -> Path | None:
    """The folder in pytest's cache that holds ``lab``'s batch graded with ``key``, if there is one."""
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider: every batch is graded
    if cache is None:
        return None
    folder = cache.mkdir(f"graded-{lab}") / key[:32]
    return folder if (folder / "complete").is_file() else None


def _keep_batch(config: pytest.Config, lab: str, key: str, work: Path) -> None:
    """Copy a freshly graded batch into pytest's cache (whole or not at all; older keys of the lab are removed)."""
    cache = getattr(config, "cache", None)
    if cache is None:
        return
    root = cache.mkdir(f"graded-{lab}")
    for old in root.iterdir():
        shutil.rmtree(old, ignore_errors=True)
    partial = root / f"{key[:32]}.partial"
    shutil.copytree(work, partial)
    (partial / "complete").touch()
    partial.rename(root / key[:32])


@pytest.fixture(scope="session")
def graded(once_per_run, venv_env, pytestconfig) -> Callable[[str], Path]:
    """``graded(lab)``: a folder holding the lab's submissions (``submitted/<student>.ipynb``) and the grader's
    records of them (``results/``), graded in one batch, once per test run.

    A batch is graded again only when something it depends on changed (:func:`batch_key`, kept in pytest's cache
    like the notebook runs of tests/test_notebooks.py); ``--cache-clear`` or ``-p no:cacheprovider`` grades every
    lab. The tests still read and check every record: only the grading is reused."""

    def grade_into(lab: str, work: Path) -> None:
        key = batch_key(lab)
        kept = _cached_batch(pytestconfig, lab, key)
        if kept is not None:
            shutil.copytree(kept, work, dirs_exist_ok=True)
            (work / "complete").unlink()
            return
        write_submissions(lab, work / "submitted")
        command = [sys.executable, "-m", "autograder", "grade", lab, str(work / "submitted")]
        command += ["--course", str(REPO_ROOT), "--out", str(work / "results"), "--workers", "2"]
        # The batch holds the reference, whose full marks test_labs asserts: a preflight would grade it twice, except
        # where the hidden tests keep values for the batch (autograder.grading.kept), which only the preflight computes.
        if "autograder.grading.kept" not in notebook_path("solutions", lab).read_text(encoding="utf-8"):
            command += ["--skip-preflight"]
        done = subprocess.run(command, capture_output=True, text=True, env=venv_env, timeout=900)
        assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
        _keep_batch(pytestconfig, lab, key, work)

    return lambda lab: once_per_run(f"graded-{lab}", lambda work: grade_into(lab, work))


@pytest.fixture(scope="session")
def records(graded) -> Callable[[str], dict[str, dict]]:
    """``records(lab)``: {student: result record} for every submission of the lab."""

    def load(lab: str) -> dict[str, dict]:
        return {path.stem: json.loads(path.read_text()) for path in (graded(lab) / "results").glob("*.json")}

    return load

"""Shared fixtures for the whole suite."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


_LAB_TEST = re.compile(r"^tests/labs/[^:]+::[^\[]+\[(?P<lab>lab\d\d_[a-z0-9_]+?)(?:-|\])")


_CALIBRATION_TEST = re.compile(r"^tests/localbedrock/calibration/[^:]+::[^\[]+\[(?P<area>[^:\]]+):")

# A lesson's run in the browser, and the notebook test that reads what that run saved (tests/test_notebooks.py).
_LESSON_TEST = re.compile(
    r"^tests/(?:browser/test_lessons_in_browser\.py::[^\[]+\[(?P<stem>[^\]]+)\]"
    r"|test_notebooks\.py::test_notebook_runs[^\[]*\[lessons/(?P<file>[^\]]+)\.ipynb\])$"
)


def lab_group(nodeid: str) -> str:
    """The scheduling group of a test: ``lab-<lab>`` for a course lab's tests in tests/labs (they read the lab's
    graded batch), ``lesson-<lesson>`` for a lesson's run in the browser and its notebook test (which reads what
    that run saved, so it must come after it on the same worker: tests/browser is collected first),
    ``calibration-<area>`` for the behaviours of one area of the calibration suite (they share the answers they ask
    for, kept per process), else the test's own id."""
    match = _LAB_TEST.match(nodeid)
    if match:
        return f"lab-{match['lab']}"
    match = _LESSON_TEST.match(nodeid)
    if match:
        return f"lesson-{match['stem'] or match['file']}"
    match = _CALIBRATION_TEST.match(nodeid)
    return f"calibration-{match['area']}" if match else nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under ``--dist loadgroup`` (`make test`), send the tests of one course lab to one worker, next to its graded
    batch, the largest groups first; every other test goes wherever a worker is free.

    pytest-xdist 3.8's own loadgroup scheduler groups by a suffix it writes into ``item._nodeid``, which pytest 9.2 no
    longer reads, so it groups nothing: this scheduler reads the group from the test id instead. Each lab is graded
    once per run in any case (:func:`once_per_run`); grouping keeps the other workers from waiting for it."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LabGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return lab_group(nodeid)

    return LabGroupScheduling(config, log)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """xdist's worker id, or "master" without xdist (xdist provides this fixture when it is active)."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"


@pytest.fixture(scope="session")
def venv_env() -> dict[str, str]:
    """The environment a subprocess of the suite gets: the venv's bin first, no inherited make state."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="session")
def lab_server(venv_env):
    """One `make lab` server per test session (per worker under xdist), stopped at the end."""
    from tests.lab_server import running_lab

    with running_lab(REPO_ROOT, venv_env) as lab:
        yield lab


def run_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The folder of this test run that every pytest-xdist worker shares (each worker's own is below it)."""
    shared = tmp_path_factory.getbasetemp()
    return shared.parent if worker_id != "master" else shared


@pytest.fixture(scope="session")
def lesson_runs(tmp_path_factory, worker_id) -> Path:
    """Where a lesson's run in the browser leaves the notebook it saved (``<lesson>.ipynb``), for the notebook test
    of the same lesson to check instead of running the lesson a second time (tests/test_notebooks.py)."""
    folder = run_folder(tmp_path_factory, worker_id) / "lesson-runs"
    folder.mkdir(exist_ok=True)
    return folder


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (every pytest-xdist worker of the run takes the same one)."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def once_per_run(tmp_path_factory, worker_id) -> Callable[[str, Callable[[Path], None]], Path]:
    """``once_per_run(name, make)``: the folder ``name`` of this test run, filled by ``make(folder)`` the first time
    any pytest-xdist worker asks for it; the other workers wait for it and share it. Slow, read-only results (a
    graded batch, its exports) are made once however the scheduler spreads the tests that read them.

    A folder whose ``make`` failed (or whose worker died) is made again by the next caller."""
    shared = run_folder(tmp_path_factory, worker_id)
    made: dict[str, Path] = {}

    def folder(name: str, make: Callable[[Path], None]) -> Path:
        if name not in made:
            target, done = shared / name, shared / f"{name}.done"
            with _exclusive(shared / f"{name}.lock"):
                if not done.exists():
                    shutil.rmtree(target, ignore_errors=True)
                    target.mkdir()
                    make(target)
                    done.touch()
            made[name] = target
        return made[name]

    return folder

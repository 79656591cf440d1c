"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs ``-n auto --dist loadgroup``), the tests of one course lab in tests/labs
    share its graded batch, a session fixture per worker: keep them on one worker, so each lab is graded once."""
    labs = REPO_ROOT / "tests" / "labs"
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("lab"), str) and labs in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group(f"lab-{params['lab']}"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


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

"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


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

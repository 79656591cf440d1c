"""`make setup` gives every learner the same environment, quickly, and keeps it fast to import."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import sysconfig
from importlib.metadata import distributions

import pytest

from tests.conftest import REPO_ROOT

PROJECT = "bedrock-adaptation-course"


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def locked_pins() -> dict[str, str]:
    lines = (REPO_ROOT / "requirements.lock").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {normalise(name): version for name, version in pins}


def test_every_lock_line_is_an_exact_pin():
    lines = [ln for ln in (REPO_ROOT / "requirements.lock").read_text().splitlines() if ln and ln[0] != "#"]
    assert lines and all(line.count("==") == 1 for line in lines)


def test_installed_environment_is_exactly_the_lock():
    # Only site-packages: setuptools puts its vendored packages on sys.path once something imports it.
    site_packages = sysconfig.get_paths()["purelib"]
    installed = {normalise(d.metadata["Name"]): d.version for d in distributions(path=[site_packages])}
    installed.pop(PROJECT)
    installed.pop("pip", None)
    assert installed == locked_pins()


def test_lock_leaves_out_the_slow_iri_validator():
    assert "rfc3987-syntax" not in locked_pins()
    assert importlib.util.find_spec("rfc3987_syntax") is None


def test_importing_nbformat_does_not_build_grammars():
    code = "import sys, nbformat; print(sorted(m for m in sys.modules if m.startswith(('rfc3987', 'lark'))))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_second_setup_does_no_install_work(venv_env):
    result = subprocess.run(["make", "setup"], cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Nothing to be done" in result.stdout
    assert "pip" not in result.stdout


def test_course_kernel_is_registered_in_the_venv():
    spec = REPO_ROOT / ".venv" / "share" / "jupyter" / "kernels" / "bedrock-course" / "kernel.json"
    assert spec.is_file()


@pytest.mark.parametrize("command", ["localbedrock", "autograder"])
def test_console_script_reports_its_version(command, venv_env):
    result = subprocess.run([command, "--version"], env=venv_env, capture_output=True, text=True, check=True)
    from autograder import __version__

    assert result.stdout.strip() == f"{command} {__version__}"


@pytest.mark.parametrize("command", ["localbedrock", "autograder"])
def test_console_script_has_help(command, venv_env):
    result = subprocess.run([command, "--help"], env=venv_env, capture_output=True, text=True, check=True)
    assert result.stdout.startswith(f"usage: {command}")

"""`make setup` gives every learner the same environment, quickly, and keeps it fast to import."""

from __future__ import annotations

import importlib.util
import shutil
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
    # Only the quiet compile of the course's own packages runs (see the Makefile): nothing installed, nothing said.
    assert "pip" not in result.stdout and "Setup complete" not in result.stdout
    assert result.stdout.strip() == "", result.stdout


def test_setup_compiles_the_course_packages_for_processes_that_write_no_bytecode(venv_env):
    stale = REPO_ROOT / "localbedrock" / "__pycache__" / f"clock.{sys.implementation.cache_tag}.pyc"
    stale.unlink(missing_ok=True)
    result = subprocess.run(["make", "setup"], cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert stale.is_file()


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


SYSTEM_PACKAGES = REPO_ROOT / "scripts" / "system_packages.sh"


def fresh_machine(tmp_path, *, uid: int, sudo_works: bool, installed: tuple[str, ...] = ()) -> dict[str, str]:
    """An environment like a fresh Debian machine: a PATH holding only the tools the setup step uses, with apt-get
    and sudo replaced by recorders (they write their arguments to ``calls``) and without bwrap or chromium."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("uname", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    scripts = {
        "id": f"echo {uid}\n",
        "apt-get": f'echo "apt-get $*" >> {tmp_path}/calls\n',
        "sudo": (f'[ "$1" = -n ] && shift\necho "sudo $*" >> {tmp_path}/calls\n"$@"\n' if sudo_works else "exit 1\n"),
    }
    scripts.update({name: "exit 0\n" for name in installed})
    for name, body in scripts.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}")
        (bin_dir / name).chmod(0o755)
    (tmp_path / "os-release").write_text("ID=debian\n")
    chromium = bin_dir / "chromium" if "chromium" in installed else tmp_path / "no-chromium"
    return {"PATH": str(bin_dir), "CHROMIUM": str(chromium), "OS_RELEASE": str(tmp_path / "os-release")}


def run_system_packages(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SYSTEM_PACKAGES)], env=env, capture_output=True, text=True, timeout=60)


def test_setup_installs_missing_system_packages_as_root(tmp_path):
    done = run_system_packages(fresh_machine(tmp_path, uid=0, sudo_works=False))
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls == ["apt-get update -qq", "apt-get install -y --no-install-recommends bubblewrap chromium -qq"]


def test_setup_installs_with_passwordless_sudo(tmp_path):
    done = run_system_packages(fresh_machine(tmp_path, uid=1000, sudo_works=True))
    assert done.returncode == 0, done.stderr
    assert (
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap chromium -qq"
        in (tmp_path / "calls").read_text()
    )


def test_setup_without_root_or_sudo_stops_at_once_with_the_command_to_run(tmp_path):
    done = run_system_packages(fresh_machine(tmp_path, uid=1000, sudo_works=False))
    assert done.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends bubblewrap chromium" in done.stderr
    assert not (tmp_path / "calls").exists()


def test_setup_does_nothing_when_the_system_packages_are_there(tmp_path):
    done = run_system_packages(fresh_machine(tmp_path, uid=1000, sudo_works=False, installed=("bwrap", "chromium")))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tmp_path / "calls").exists()


def test_make_test_checks_system_packages_before_anything_else(venv_env):
    command = ["make", "-n", "--no-print-directory", "test"]
    dry_run = subprocess.run(command, cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True, check=True)
    assert dry_run.stdout.splitlines()[0] == "scripts/system_packages.sh"

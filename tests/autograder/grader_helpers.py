"""Helpers for the grader's tests: the fixture course, its submissions, and running the grader's CLI."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).parent
COURSE = HERE / "fixtures" / "course"
LAB = "lab01_demo"
SECRET = "sekrit-value-that-must-not-leak"

# Small limits keep the hostile submissions quick to contain.
FAST_LIMITS = ["--cell-timeout", "4", "--notebook-timeout", "40", "--memory-mb", "1024", "--processes", "64"]


def _load_fixture_submissions():
    spec = importlib.util.spec_from_file_location("grader_fixture_submissions", HERE / "fixtures" / "submissions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


submissions = _load_fixture_submissions()


def grader_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["AWS_SECRET_ACCESS_KEY"] = SECRET
    env["GITHUB_TOKEN"] = SECRET
    return env


def run_grader(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "autograder", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=grader_env(), timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


class Listener:
    """A TCP server on the host's loopback that hands out the answer 42 to whoever connects."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.sendall(b"42")

"""Fixtures for the grader's tests: the fixture course, and one graded batch of every fixture submission.

The batch is graded once per test session and shared by every test that reads it (under pytest-xdist the first
worker grades it and the others wait for its results), because grading is the slow part.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
COURSE = HERE / "fixtures" / "course"
LAB = "lab01_demo"
SECRET = "sekrit-value-that-must-not-leak"

# Small limits keep the hostile submissions quick to contain.
FAST_LIMITS = ["--cell-timeout", "4", "--notebook-timeout", "40", "--memory-mb", "1024"]


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


@contextlib.contextmanager
def _exclusive(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def batch(tmp_path_factory, worker_id) -> dict:
    """Every fixture submission graded in one batch: {"records": {student: record}, "out": Path, ...}."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    done_file = shared / "grader-batch.json"
    with _exclusive(shared / "grader-batch.lock"):
        if not done_file.exists():
            listener = Listener()
            folder = shared / "grader-submissions"
            out = shared / "grader-results"
            submissions.write_all(folder, listener.port)
            started = time.time()
            result = run_grader("grade", LAB, str(folder), "--course", str(COURSE), "--out", str(out), *FAST_LIMITS)
            info = {
                "out": str(out),
                "finished": time.time(),
                "elapsed": time.time() - started,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "network_connections": listener.connections,
                "records_at_end": {p.name: p.read_text() for p in out.iterdir()},
            }
            done_file.write_text(json.dumps(info))
    info = json.loads(done_file.read_text())
    out = Path(info["out"])
    at_end = info["records_at_end"]
    info["records"] = {name[: -len(".json")]: json.loads(at_end[name]) for name in at_end if name.endswith(".json")}
    info["out"] = out
    return info


@pytest.fixture
def records(batch) -> dict:
    return batch["records"]


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """xdist's worker id, or "master" without xdist (xdist provides this fixture when it is active)."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"

"""Start `make lab` on a free loopback port, the way a learner does, and talk to it."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server: its base URL and token."""

    base: str
    token: str

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base}{path}{separator}token={self.token}"

    def get(self, path: str) -> tuple[int, bytes]:
        return http_get(self.url(path))


class LabStartError(RuntimeError):
    """`make lab` exited or did not answer in time; the message carries its output."""


@contextmanager
def running_lab(repo_root: Path, env: dict[str, str]) -> Iterator[Lab]:
    """Run `make lab` (no browser, fresh token, free port) for the duration of the block, then stop it."""
    port, token = free_port(), secrets.token_hex(16)
    command = ["make", "lab", f"PORT={port}", "HOST=127.0.0.1", "OPEN_BROWSER=0", f"TOKEN={token}"]
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory(prefix="lab-state-") as state:
        # A fresh workspace (no tabs restored from an earlier session) and no autosave: a test's Run All must
        # never write outputs into the repository's notebooks.
        settings = Path(state) / "settings"
        docmanager = settings / "@jupyterlab" / "docmanager-extension"
        docmanager.mkdir(parents=True)
        (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        env = {**env, "JUPYTERLAB_WORKSPACES_DIR": f"{state}/workspaces", "JUPYTERLAB_SETTINGS_DIR": str(settings)}
        process = subprocess.Popen(
            command, cwd=repo_root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        lab = Lab(f"http://127.0.0.1:{port}", token)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(lab):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-5000:]
                    raise LabStartError(f"make lab did not serve {lab.base} within {START_TIMEOUT_S} s:\n{output}")
                time.sleep(0.5)
            yield lab
        finally:
            _stop(process)


def _answers(lab: Lab) -> bool:
    try:
        return lab.get("/api/status")[0] == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

"""`make lab` starts JupyterLab on the course, with nbgrader's extension enabled."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from tests.conftest import REPO_ROOT

START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


class Lab(NamedTuple):
    base: str
    token: str

    def get(self, path: str) -> tuple[int, bytes]:
        return get(f"{self.base}{path}?token={self.token}")


@pytest.fixture(scope="module")
def lab_server(venv_env) -> Iterator[Lab]:
    port, token = free_port(), secrets.token_hex(16)
    command = ["make", "lab", f"PORT={port}", "HOST=127.0.0.1", "OPEN_BROWSER=0", f"TOKEN={token}"]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=venv_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    lab = Lab(f"http://127.0.0.1:{port}", token)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make lab exited early:\n{process.stdout.read().decode()}")
            try:
                if lab.get("/api/status")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not answer on {lab.base} within {START_TIMEOUT_S} s")
        yield lab
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_lab_page_answers(lab_server):
    status, body = lab_server.get("/lab")
    assert status == 200
    assert b"JupyterLab" in body


def test_lab_serves_the_lessons_from_the_repository_root(lab_server):
    status, body = lab_server.get("/api/contents/lessons")
    assert status == 200
    names = {item["name"] for item in json.loads(body)["content"]}
    assert "00_start_here.ipynb" in names


def test_lab_offers_the_course_kernel(lab_server):
    status, body = lab_server.get("/api/kernelspecs")
    assert status == 200
    assert "bedrock-course" in json.loads(body)["kernelspecs"]


def test_nbgrader_lab_extension_is_enabled(venv_env):
    listing = subprocess.run(
        ["jupyter", "labextension", "list"], env=venv_env, capture_output=True, text=True, check=True
    )
    plain = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert re.search(r"@jupyter/nbgrader v0\.9\.\d+ enabled OK", plain), plain


def test_formgrader_server_extension_is_enabled(venv_env):
    listing = subprocess.run(
        ["jupyter", "server", "extension", "list"], env=venv_env, capture_output=True, text=True, check=True
    )
    plain = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert "nbgrader.server_extensions.formgrader enabled" in plain

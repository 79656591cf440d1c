"""`make lab` starts JupyterLab on the course, with nbgrader's extension enabled."""

from __future__ import annotations

import json
import re
import subprocess


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

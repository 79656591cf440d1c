"""A lab's graded batch is reused only while nothing it depends on has changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.labs import conftest as labs
from tests.notebook_harness import DEPENDENCIES


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A miniature course: one file under every input of lab ``lab99_x``'s batch."""
    files = []
    inputs = [*DEPENDENCIES, *labs.BATCH_INPUTS, "solutions/lab99_x", "labs/lab99_x", "tests/labs/wrong/lab99_x.py"]
    for name in inputs:
        path = tmp_path / name
        if not path.suffix:  # a folder: one file in it
            path = path / "part.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"content of {name}\n")
        files.append(path)
    monkeypatch.setattr(labs, "REPO_ROOT", tmp_path)
    return files


def test_the_key_changes_with_every_input_and_only_then(tree):
    base = labs.batch_key("lab99_x")
    assert labs.batch_key("lab99_x") == base
    for path in tree:
        original = path.read_text()
        path.write_text(original + "changed\n")
        assert labs.batch_key("lab99_x") != base, f"{path} is not part of the key"
        path.write_text(original)
        assert labs.batch_key("lab99_x") == base


def test_another_lab_and_compiled_files_do_not_change_the_key(tree):
    base = labs.batch_key("lab99_x")
    other = labs.REPO_ROOT / "solutions" / "lab98_y" / "lab98.ipynb"
    other.parent.mkdir(parents=True)
    other.write_text("{}")
    cached = labs.REPO_ROOT / "autograder" / "__pycache__" / "x.pyc"
    cached.parent.mkdir()
    cached.write_bytes(b"\0")
    assert labs.batch_key("lab99_x") == base


def test_a_batch_is_kept_whole_and_found_by_its_key(tmp_path: Path, pytestconfig):
    if getattr(pytestconfig, "cache", None) is None:
        pytest.skip("pytest's cache is off (-p no:cacheprovider)")
    work = tmp_path / "work"
    (work / "results").mkdir(parents=True)
    (work / "results" / "reference.json").write_text("{}")
    lab, key = "lab99_cache_test", "0" * 64
    try:
        assert labs._cached_batch(pytestconfig, lab, key) is None
        labs._keep_batch(pytestconfig, lab, key, work)
        kept = labs._cached_batch(pytestconfig, lab, key)
        assert kept is not None and (kept / "results" / "reference.json").read_text() == "{}"
        assert labs._cached_batch(pytestconfig, lab, "1" * 64) is None
    finally:
        shutil.rmtree(pytestconfig.cache.mkdir(f"graded-{lab}"), ignore_errors=True)

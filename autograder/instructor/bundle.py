"""`autograder bundle --student`: the course as learners get it, without solutions, hidden tests or grading tests.

The bundle is a zip of the files git does not ignore (or, outside a checkout, every file not in IGNORED_PARTS) under the
top-level paths in STUDENT_PATHS. Every notebook in it is scanned for solution and hidden-test markers before the zip
is written; one hit stops the bundle (fail closed). Documentation may name the markers; notebooks may not.
"""

from __future__ import annotations

import stat
import subprocess
import zipfile
from collections.abc import Iterable
from pathlib import Path

STUDENT_PATHS = (
    "README.md",
    "LICENSE",
    "Makefile",
    "pyproject.toml",
    "requirements.lock",
    "nbgrader_config.py",
    "scripts",
    "localbedrock",
    "autograder",
    "bedrock_course",
    "lessons",
    "labs",
    "data",
    "docs",
    # The learner's own `make test`: setup, notebooks, make lab, the browser, the emulator and the corpus.
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/notebook_harness.py",
    "tests/lab_server.py",
    "tests/test_setup.py",
    "tests/test_notebooks.py",
    "tests/prose_figures.py",
    "tests/test_prose_figures.py",
    "tests/test_make_lab.py",
    "tests/browser",
    "tests/localbedrock",
    "tests/data",
    "tests/test_course_data.py",
    "tests/course",
)
IGNORED_PARTS = {".git", ".venv", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache", ".artifacts"}
LEAK_MARKERS = ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION", "### END SOLUTION")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entries carry this date, so the same tree gives the same bytes


class BundleError(Exception):
    """The bundle cannot be made safely; the message names the file and the problem."""


def course_files(root: Path, paths: Iterable[str] = STUDENT_PATHS) -> list[Path]:
    """The files (relative paths, sorted) under ``paths``: those git does not ignore, else all but caches."""
    paths = list(paths)
    try:
        # Tracked files and new ones not ignored (a fresh release of labs/ may not be committed yet).
        command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths]
        listed = subprocess.run(command, cwd=root, capture_output=True, check=True)
        candidates = [Path(name) for name in listed.stdout.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        candidates = []
        for top in paths:
            path = root / top
            found = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
            candidates += [p.relative_to(root) for p in found]
    return sorted(p for p in candidates if (root / p).is_file() and not IGNORED_PARTS & set(p.parts))


def write_zip(out: Path, entries: Iterable[tuple[str, bytes, bool]]) -> None:
    """Write ``(name, data, executable)`` entries to the zip ``out``, atomically and byte-for-byte reproducibly."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data, executable in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    partial.replace(out)


def check_no_leaks(root: Path, files: list[Path]) -> None:
    """Raise BundleError if a notebook to be bundled carries a solution or hidden-test marker."""
    for relative in files:
        if relative.suffix != ".ipynb":
            continue
        text = (root / relative).read_text(encoding="utf-8", errors="replace")
        for marker in LEAK_MARKERS:
            if marker in text:
                raise BundleError(f"{relative} contains {marker!r}: students must not get solutions or hidden tests")


def student_bundle(root: Path, out: Path) -> tuple[Path, int]:
    """Write the student bundle of the course at ``root`` to the zip ``out``; return its path and file count."""
    files = course_files(root)
    if not any(f.parts[0] == "lessons" for f in files):
        raise BundleError(f"{root} does not look like the course (no lessons/); run from the course root")
    check_no_leaks(root, files)
    prefix = out.stem
    entries = []
    for relative in files:
        source = root / relative
        executable = bool(source.stat().st_mode & stat.S_IXUSR)
        entries.append((f"{prefix}/{relative.as_posix()}", source.read_bytes(), executable))
    write_zip(out, entries)
    return out, len(files)

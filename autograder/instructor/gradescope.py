"""Gradescope: `autograder bundle LAB --gradescope` builds the autograder zip; its `run_autograder` calls
`python -m autograder.gradescope`.

The zip follows Gradescope's autograder specification: `setup.sh` and `run_autograder` at its root beside the course
files (the grader, the emulator the labs use, the data, this lab's solutions and release, the pinned requirements).
Gradescope unpacks it into /autograder/source and runs `setup.sh` once, which installs the pinned packages and the
course into /autograder/venv; for each submission `run_autograder` grades the notebook in /autograder/submission with
the same engine as `autograder grade` (course root /autograder/source) and writes /autograder/results/results.json.
A lab with private tests (course.toml) carries them as private_tests/LAB/ with a course.toml naming that folder.
Whatever goes wrong, a results.json is written (score 0 and the reason), never nothing.
"""

from __future__ import annotations

from pathlib import Path

from autograder.course.labs import load_lab
from autograder.course.private_tests import private_folder
from autograder.instructor.bundle import course_files, write_zip

COURSE_FILES = ("pyproject.toml", "requirements.lock", "README.md", "LICENSE")
COURSE_DIRS = ("autograder", "localbedrock", "bedrock_course", "data")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built. Use a base image with Python 3.11 or newer
# (Ubuntu 24.04 ships 3.12).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || {{
  echo "this autograder needs Python 3.11.5 or newer: choose the Ubuntu 24.04 base image" >&2; exit 1; }}
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-deps --only-binary=:all: -r /autograder/source/requirements.lock
/autograder/venv/bin/pip install --no-deps --no-build-isolation /autograder/source
# The reference solution graded once here, in the image: a pass is cached, so submissions skip the preflight.
/autograder/venv/bin/python -m autograder preflight {lab} --course /autograder/source ||
  echo "warning: the preflight failed while building the image; every submission will run it again" >&2
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. AUTOGRADER_ROOT overrides /autograder (for local testing).
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
exec "$ROOT/venv/bin/python" -m autograder.gradescope --root "$ROOT" --lab {lab}
"""


def build_bundle(course_root: Path, lab: str, out: Path) -> tuple[Path, int]:
    """Write the Gradescope autograder zip for ``lab`` to ``out``; return its path and the number of source files."""
    for needed in (f"solutions/{lab}", f"labs/{lab}", *COURSE_FILES, "autograder", "localbedrock"):
        if not (course_root / needed).exists():
            raise FileNotFoundError(f"{course_root / needed} is missing: run from the course root after a release")
    files = course_files(course_root, (*COURSE_FILES, *COURSE_DIRS, f"solutions/{lab}", f"labs/{lab}"))
    entries = [
        ("setup.sh", SETUP_SH.format(lab=lab).encode(), True),
        ("run_autograder", RUN_AUTOGRADER.format(lab=lab).encode(), True),
        *((relative.as_posix(), (course_root / relative).read_bytes(), False) for relative in files),
        *_private_entries(course_root, lab),
    ]
    write_zip(out, entries)
    return out, len(files)


def _private_entries(course_root: Path, lab: str) -> list[tuple[str, bytes, bool]]:
    """The lab's private tests (checked first) and a course.toml pointing at them, or nothing."""
    load_lab(course_root, lab)  # refuses a malformed private folder with the file at fault
    folder = private_folder(course_root, lab)
    if folder is None:
        return []
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    config = f'[labs.{lab}]\nprivate_tests = "private_tests/{lab}"\n'
    return [
        ("course.toml", config.encode(), False),
        *((f"private_tests/{lab}/{p.relative_to(folder).as_posix()}", p.read_bytes(), False) for p in files),
    ]

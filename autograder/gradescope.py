"""Gradescope: `autograder bundle LAB --gradescope` builds the autograder zip; `run_autograder` calls `run` below.

The zip follows Gradescope's autograder specification: `setup.sh` and `run_autograder` at its root beside the course
files (the grader, the emulator the labs use, the data, this lab's solutions and release, the pinned requirements).
Gradescope unpacks it into /autograder/source and runs `setup.sh` once, which installs the pinned packages and the
course into /autograder/venv; for each submission `run_autograder` grades the notebook in /autograder/submission with
the same engine as `autograder grade` (course root /autograder/source) and writes /autograder/results/results.json.
A lab with private tests (course.toml) carries them as private_tests/LAB/ with a course.toml naming that folder.
Whatever goes wrong, a results.json is written (score 0 and the reason), never nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from autograder.bundle import course_files, write_zip
from autograder.course import load_lab
from autograder.exports import gradescope_results
from autograder.private_tests import private_folder
from autograder.record import write_atomic

COURSE_FILES = ("pyproject.toml", "requirements.lock", "README.md", "LICENSE")
COURSE_DIRS = ("autograder", "localbedrock", "bedrock_course", "data")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built. Use a base image with Python 3.11 or newer
# (Ubuntu 24.04 ships 3.12).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "this autograder needs Python 3.11 or newer: choose the Ubuntu 24.04 base image" >&2; exit 1; }
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-deps --only-binary=:all: -r /autograder/source/requirements.lock
/autograder/venv/bin/pip install --no-deps --no-build-isolation /autograder/source
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
        ("setup.sh", SETUP_SH.encode(), True),
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


def _failure(message: str) -> dict:
    return {"score": 0.0, "output": message, "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def run(root: Path, lab: str) -> dict:
    """Grade the submission under ``root``/submission and return Gradescope's results (also on failure)."""
    from autograder.cli import main as autograder_main

    notebooks = sorted((root / "submission").rglob("*.ipynb"))
    notebooks = [nb for nb in notebooks if ".ipynb_checkpoints" not in nb.parts]
    named = [nb for nb in notebooks if nb.stem == lab or nb.name == f"{lab}.ipynb"]
    if len(named) != 1 and len(notebooks) != 1:
        found = ", ".join(nb.name for nb in notebooks) or "none"
        return _failure(f"Submit exactly one notebook for {lab} (found: {found}).")
    notebook = named[0] if len(named) == 1 else notebooks[0]
    with tempfile.TemporaryDirectory() as scratch:
        submission = Path(scratch) / "submission" / f"{lab}.ipynb"
        submission.parent.mkdir()
        submission.write_bytes(notebook.read_bytes())
        out = Path(scratch) / "results"
        status = autograder_main(["grade", lab, str(submission), "--course", str(root / "source"), "--out", str(out)])
        records = sorted(out.glob("*.json")) if out.is_dir() else []
        if status != 0 or len(records) != 1:
            return _failure("The autograder could not grade this submission; your instructor has been told.")
        return gradescope_results(json.loads(records[0].read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope", description="Gradescope's run_autograder")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--lab", required=True)
    args = parser.parse_args(argv)
    results_dir = args.root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args.root, args.lab)
    except Exception as error:  # fail closed: Gradescope must always get a results.json
        print(f"autograder: {type(error).__name__}: {error}", file=sys.stderr)
        results = _failure("The autograder failed on this submission; your instructor has been told.")
    write_atomic(results_dir / "results.json", json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

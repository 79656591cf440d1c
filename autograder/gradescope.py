"""Gradescope's `run_autograder` entry point: `python -m autograder.gradescope --root /autograder --lab LAB`.

It grades the notebook in ROOT/submission with `autograder grade` (course root ROOT/source) and writes
ROOT/results/results.json; whatever goes wrong, a results.json is written (score 0 and the reason), never nothing.
The zip that calls it is built by :mod:`autograder.instructor.gradescope`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from autograder.cli import main as autograder_main
from autograder.course.notebook import Unreadable, read_bounded
from autograder.grading.record import write_atomic
from autograder.instructor.exports import gradescope_results


def _failure(message: str) -> dict:
    return {"score": 0.0, "output": message, "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def run(root: Path, lab: str) -> dict:
    """Grade the submission under ``root``/submission and return Gradescope's results (also on failure)."""
    notebooks = sorted((root / "submission").rglob("*.ipynb"))
    notebooks = [nb for nb in notebooks if ".ipynb_checkpoints" not in nb.parts]
    named = [nb for nb in notebooks if nb.stem == lab or nb.name == f"{lab}.ipynb"]
    if len(named) != 1 and len(notebooks) != 1:
        found = ", ".join(repr(nb.name[:60]) for nb in notebooks[:5]) + (" …" if len(notebooks) > 5 else "") or "none"
        return _failure(f"Submit exactly one notebook for {lab} (found: {found}).")
    notebook = named[0] if len(named) == 1 else notebooks[0]
    # Refuse a notebook that is, or lies under, a symbolic link (it could point at the solutions in the image) or is
    # not a regular file; only then read it, with its size checked first.
    inside = notebook.relative_to(root / "submission")
    linked = [
        part for part in [notebook, *notebook.parents] if part.is_symlink() and root / "submission" in part.parents
    ]
    if linked:
        return _failure(
            f"{str(inside)[:200]!r} was not graded: it is a symbolic link; submit the notebook file itself."
        )
    try:
        data = read_bounded(notebook)
    except Unreadable as error:
        return _failure(f"{str(inside)[:200]!r} was not graded: {error}.")
    with tempfile.TemporaryDirectory() as scratch:
        submission = Path(scratch) / "submission" / f"{lab}.ipynb"
        submission.parent.mkdir()
        submission.write_bytes(data)
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

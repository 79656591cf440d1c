"""Preflight: before a batch, grade the lab's reference solution in the same environment as the submissions.

The same interpreter, sandbox and limits: if the reference does not earn full marks there, the environment (a
missing package, a kernel that cannot start, limits too tight) would cost every student points, so grading stops
with the cause named before any submission's record is saved. ``grade`` grades the reference as the first job of
its batch (its gate), while its other workers start on the submissions. The reference is the instructor's solutions
notebook (``solutions/LAB/``, also inside a Gradescope bundle) with its answers put into the student release, as a
learner would hand it in. A passed preflight is remembered in a small cache file keyed by the lab's hash and the
environment, so it costs one run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from autograder import __version__
from autograder.course.labs import Lab, Submission
from autograder.grading.batch import Gate, run_batch
from autograder.grading.execute import ENVIRONMENT_ERROR
from autograder.grading.verifier import imported_modules
from autograder.instructor.answers import filled_release, solution_answers
from autograder.sandbox.limits import Limits

CACHE_ENV = "AUTOGRADER_CACHE_DIR"


class PreflightFailed(RuntimeError):
    """The reference solution does not earn full marks in this environment; the message says why and what to do."""


def cache_dir() -> Path:
    """$AUTOGRADER_CACHE_DIR, else $XDG_CACHE_HOME/autograder, else ~/.cache/autograder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "autograder"


def _packages_stamp(python: str) -> list[int]:
    """When the interpreter's installed packages last changed (installing or removing one changes its folder)."""
    prefix = Path(python).absolute().parent.parent
    folders = sorted([*prefix.glob("lib/python3*/site-packages"), *prefix.glob("lib/site-packages")])
    return [folder.stat().st_mtime_ns for folder in folders]


def _grader_stamp() -> int:
    return max(path.stat().st_mtime_ns for path in Path(__file__).parent.parent.rglob("*.py"))


def _sources_stamp(lab: Lab) -> list[tuple[str, int]]:
    """When the source of each module the lab imports from the course's own folder last changed (the course's
    packages, installed editable, change without the interpreter's site-packages changing; an installed copy is
    covered by the packages stamp)."""
    course = lab.release_dir.resolve().parents[1]
    stamps = []
    for top in imported_modules(cell.source for cell in lab.cells if cell.cell_type == "code"):
        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            continue
        origin = Path(spec.origin).resolve() if spec and spec.origin and Path(spec.origin).is_file() else None
        if origin is None or course not in origin.parents or "site-packages" in origin.parts:  # a venv in the course
            continue
        files = origin.parent.rglob("*.py") if origin.name == "__init__.py" else [origin]
        stamps.append((top, max(f.stat().st_mtime_ns for f in files)))
    return stamps


def environment_key(lab: Lab, limits: Limits, mode: str, python: str | None) -> str:
    python = str(Path(python or sys.executable).absolute())
    described = {
        "lab": lab.sha256,
        "python": python,
        "packages": _packages_stamp(python),
        "sources": _sources_stamp(lab),
        "sandbox": mode,
        "limits": dataclasses.asdict(limits),
        "grader": [__version__, _grader_stamp()],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def cache_key(lab: Lab, limits: Limits, mode: str, python: str | None) -> str:
    """``lab`` and its grading environment as a file-name part: what names a cached preflight pass and the folder
    of kept values, so a change to the lab, the grader, the interpreter's packages or the course's own modules
    starts afresh."""
    return f"{lab.name}-{environment_key(lab, limits, mode, python)[:32]}"


def kept_dir(key: str) -> Path:
    """Where the values the reference's grading computes through autograder.grading.kept are kept (``key``: see
    cache_key)."""
    return cache_dir() / f"kept-{key}"


def preflight_gate(lab: Lab, key: str, python: str | None, scratch: Path) -> Gate | None:
    """The reference of ``lab`` (written under ``scratch``) as the gate of a batch: its ``accept`` raises
    PreflightFailed unless it earns full marks, and caches a pass under ``key`` (see cache_key). None when a pass
    is cached already."""
    cached = cache_dir() / f"preflight-{key}.json"
    if cached.is_file():
        return None
    submission = scratch / "submitted" / lab.notebook_name
    submission.parent.mkdir(parents=True)
    release = lab.release_dir / lab.notebook_name
    submission.write_text(filled_release(release, solution_answers(lab.source)), encoding="utf-8")

    def accept(record: dict) -> None:
        if record["status"] != "graded" or record["score"] < record["max_score"]:
            raise PreflightFailed(explain(lab, record, python))
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps({"lab": lab.name, "score": record["score"], "checked": time.time()}) + "\n")
        except OSError:
            pass  # no cache: the next batch runs the preflight again

    return Gate(Submission("reference", submission), accept)


def preflight(lab: Lab, limits: Limits, mode: str, python: str | None) -> bool:
    """Grade the reference of ``lab`` as a submission, alone; raise PreflightFailed unless it earns full marks, and
    keep the values its grading computes through autograder.grading.kept.

    Returns False when a cached pass made the run unnecessary, True when it ran. (``grade`` grades it as the gate
    of its batch instead, see preflight_gate.)
    """
    key = cache_key(lab, limits, mode, python)
    with tempfile.TemporaryDirectory(prefix="autograder-preflight-") as scratch:
        gate = preflight_gate(lab, key, python, Path(scratch))
        if gate is None:
            return False
        out = Path(scratch) / "out"
        run_batch(
            lab,
            [],
            out,
            workers=1,
            force=True,
            limits=limits,
            sandbox=mode,
            python=python,
            gate=gate,
            kept_dir=kept_dir(key),
        )
    return True


def explain(lab: Lab, record: dict, python: str | None) -> str:
    """Why the reference lost points here, and what to do, in a few lines."""
    lines = [
        f"preflight: the reference solution of {lab.name} ({lab.source}) earns {record['score']:g}/"
        f"{record['max_score']:g} in this grading environment, so no submission was graded (an environment fault "
        "must not become a student's low score)."
    ]
    first_error = record.get("first_error")
    if first_error:
        lines.append(
            f"  first error: {first_error['cell']} raised {first_error['exception']}: {first_error['message'][:300]}"
        )
    lines.extend(f"  reason: {reason}" for reason in record.get("reasons", []))
    for test in record.get("tests", []):
        if test["status"] != "passed" and not test.get("output", "").startswith("not run"):
            said = next((line for line in test.get("output", "").splitlines() if line.strip()), "")
            lines.append(f"  lost points: {test['name']} {test['score']:g}/{test['max_score']:g} {said[:200]}")
    interpreter = python or sys.executable
    text = " ".join(lines)
    if ENVIRONMENT_ERROR in text or "ModuleNotFoundError" in text or "ImportError" in text:
        lines.append(
            f"what to do: the kernel's interpreter ({interpreter}) lacks a package the lab needs: pass "
            "--kernel-python with the course's own environment (e.g. .venv/bin/python after `make setup`), or "
            "install requirements.lock into that interpreter; then grade again."
        )
    elif "longer than" in text or "limit" in text:
        lines.append(
            "what to do: the limits are too tight for this lab: raise --cell-timeout, --notebook-timeout or "
            "--memory-mb; then grade again."
        )
    else:
        lines.append(
            f"what to do: run the reference yourself (open {lab.source} in JupyterLab and Run All) to see what "
            "fails in this environment; fix the environment or the lab, then grade again."
        )
    return "\n".join(lines)

"""``autograder check``: a learner runs their notebook's visible tests with the grading engine before submitting.

The reference for test cells is the lab's student release (labs/<lab>/<notebook>) when the course is found, so an
accidentally edited test cell is checked as the instructor wrote it; otherwise the notebook's own test cells.
Hidden tests are never involved: they are not in the release.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from autograder.course.labs import SHARED_FOLDERS, CourseError, find_root
from autograder.course.notebook import read_notebook, released_source
from autograder.grading import record
from autograder.grading.execute import Executor
from autograder.grading.restore import restore
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.limits import Layout, Limits


def reference_notebook(notebook: Path, course: str | None) -> Path:
    try:
        root = find_root(course)
    except CourseError:
        return notebook
    release = root / "labs" / notebook.resolve().parent.name / notebook.name
    return release if release.is_file() else notebook


def _has_code(source: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in source.splitlines())


def run_check(notebook: Path, course: str | None, limits: Limits, mode: str, python: str | None):
    """Grade ``notebook`` on its visible tests; returns a readable summary and the result record.

    Raises :class:`Unreadable` (its message says what is wrong) when the file cannot be checked.
    """
    cells = read_notebook(notebook)
    reference = [
        dataclasses.replace(c, source=released_source(c.source)) if c.is_test else c
        for c in read_notebook(reference_notebook(notebook, course))
    ]
    # A test cell made only of hidden tests (and perhaps the author's hint) has nothing to check here.
    reference = [c for c in reference if not (c.is_test and not _has_code(c.source))]
    plan = restore(reference, cells)
    executor = Executor(Sandbox(mode, limits, python, _layout(notebook, course)))
    try:
        outcome = executor.run(plan)
    finally:
        executor.close()
    result = record.build(notebook.stem, notebook.parent.name, plan, outcome, execution_time=0, hashes={}, sandbox=mode)
    return summary_text(notebook, result), result


def _layout(notebook: Path, course: str | None) -> Layout:
    """The learner's own lab folder (its files, as they are) and the course's shared folders, when found."""
    folder = notebook.resolve().parent
    data_files = sorted(
        (str(p), str(p.relative_to(folder)))
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts and p.stat().st_size < 50e6
    )
    try:
        root = find_root(course)
    except CourseError:
        root = None
    shared = [(str(root / f), f) for f in SHARED_FOLDERS if root and (root / f).is_dir()]
    return Layout(folder.name, tuple(data_files), tuple(shared))


def summary_text(notebook: Path, result: dict) -> str:
    lines = [f"{notebook.name}: visible tests"]
    first_error = result.get("first_error")
    if first_error:
        message = first_error["message"].strip().splitlines()[0][:300] if first_error["message"].strip() else ""
        if first_error["exception"] == "NotImplementedError" and not message:
            message = "an answer is still to be written"
        lines.append(f"first error in your code: {first_error['cell']} raised {first_error['exception']}: {message}")
        lines.append("  (fix this one first: the failures below may only follow from it)")
    for test in result["tests"]:
        mark = "PASS" if test["status"] == "passed" else "FAIL"
        lines.append(f"  {mark}  {test['name']}  {test['score']:g}/{test['max_score']:g}")
        if test["status"] != "passed" and test["output"]:
            lines.extend(f"        {line}" for line in test["output"].rstrip().splitlines()[-8:])
    lines.append(f"total: {result['score']:g}/{result['max_score']:g} on the visible tests")
    if result["reasons"]:
        lines.append("to look at before submitting:")
        lines.extend(f"  - {reason}" for reason in result["reasons"])
    lines.append("Hidden tests run only when the lab is graded, so the final score can differ.")
    return "\n".join(lines)

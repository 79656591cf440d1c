"""The grader's shortcuts change only timing: setup cells run once in the fork server or ahead in a spare kernel, and
when those shortcuts cannot be used (the fork server cannot fork, a setup cell writes a file or fails) a submission
is graded the ordinary way, with the same scores, statuses and reasons."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from grader_helpers import COURSE, LAB

from autograder.course.labs import load_lab
from autograder.course.notebook import Cell
from autograder.grading import execute
from autograder.grading.execute import Executor
from autograder.grading.restore import restore
from autograder.grading.verifier import warm_targets
from autograder.grading.worker import lab_prelude
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.limits import Limits

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
LIMITS = Limits(cell_timeout=10, notebook_timeout=60, memory_mb=1024)


def the_lab(setup_suffix: str = ""):
    """The fixture lab's instructor cells, the setup cell extended by ``setup_suffix``; and its blank release."""
    lab = load_lab(COURSE, LAB)
    cells = [
        dataclasses.replace(cell, source=cell.source + setup_suffix) if cell.grade_id == "setup" else cell
        for cell in lab.cells
    ]
    blank = [
        dataclasses.replace(cell, source="raise NotImplementedError()") if cell.solution else cell for cell in cells
    ]
    return lab, cells, blank


def grade(lab, instructor, submissions, shortcuts: bool = True) -> list[tuple]:
    """What matters in each submission's outcome; ``shortcuts=False`` grades without a prelude (the ordinary way)."""
    sandbox = Sandbox("bwrap", LIMITS, None, lab.layout())
    warm = tuple(warm_targets(cell.source for cell in instructor if cell.cell_type == "code"))
    executor = Executor(sandbox, warm, lab_prelude(instructor) if shortcuts else ())
    try:
        executor.warm()
        outcomes = []
        for cells in submissions:
            outcome = executor.run(restore(instructor, cells))
            tests = [(t.name, t.passed, t.partial, t.output, t.blocked_by) for t in outcome.results]
            outcomes.append((tests, outcome.reasons, outcome.notes, outcome.first_error))
            executor.warm()
        return outcomes
    finally:
        executor.close()


def scores(outcome: tuple) -> list[bool]:
    return [passed for _, passed, *_ in outcome[0]]


def test_setup_run_ahead_grades_like_the_ordinary_way():
    lab, instructor, blank = the_lab()
    fast = grade(lab, instructor, [instructor, blank, instructor])
    assert fast == grade(lab, instructor, [instructor, blank, instructor], shortcuts=False)
    assert all(scores(fast[0])) and not any(scores(fast[1])) and fast[0] == fast[2]


def test_a_cell_added_above_the_setup_gets_a_fresh_kernel_and_runs_first():
    lab, instructor, _ = the_lab()
    added = [Cell("code", "print(len(WORDS))"), *instructor]  # WORDS is not defined yet: the setup comes after
    fast = grade(lab, instructor, [added])
    assert fast == grade(lab, instructor, [added], shortcuts=False)
    assert (fast[0][3] or {}).get("exception") == "NameError"
    assert all(scores(fast[0]))


def test_a_fork_server_that_cannot_fork_gives_fresh_test_processes_and_the_same_grades(monkeypatch, capfd):
    lab, instructor, blank = the_lab()
    expected = grade(lab, instructor, [instructor, blank])
    monkeypatch.setattr(execute.ForkServer, "fork", lambda *args: None)
    assert grade(lab, instructor, [instructor, blank]) == expected
    assert "fork server of test processes is not available" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("setup_suffix", "logged"),
    [
        ('\nPath("made-by-setup.txt").write_text("the setup wrote this")\n', "wrote in the lab folder"),
        ("\nimport threading\nthreading.Thread(target=__import__('time').sleep, args=(30,)).start()\n", "thread"),
        ('\nraise RuntimeError("the setup broke")\n', "a setup cell failed"),
    ],
)
def test_setup_the_fork_server_cannot_keep_runs_per_submission_with_the_same_grades(setup_suffix, logged, capfd):
    lab, instructor, blank = the_lab(setup_suffix)
    fast = grade(lab, instructor, [instructor, blank])
    assert fast == grade(lab, instructor, [instructor, blank], shortcuts=False)
    assert logged in capfd.readouterr().err
    if "raise" in setup_suffix:  # the read-only cell fails for every submission: the record says so
        assert "read-only cell setup failed in the test process" in fast[0][2]
    else:
        assert all(scores(fast[0])) and not any(scores(fast[1]))

"""The command line: exit codes, resuming after kill -9, --force, and the learner's `check`."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from grader_helpers import COURSE, FAST_LIMITS, LAB, grader_env, run_grader, submissions


def test_unknown_lab_exits_2_and_lists_the_labs(tmp_path):
    done = run_grader("grade", "lab99_nope", str(tmp_path), "--course", str(COURSE), check=False)
    assert done.returncode == 2
    assert "unknown lab 'lab99_nope'" in done.stderr and LAB in done.stderr


@pytest.mark.parametrize(
    "options",
    [["--workers", "0"], ["--cell-timeout", "-1"], ["--memory-mb", "1"]],
)
def test_bad_options_exit_2_with_a_message(tmp_path, options):
    (tmp_path / "a.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    done = run_grader("grade", LAB, str(tmp_path / "a.ipynb"), "--course", str(COURSE), *options, check=False)
    assert done.returncode == 2 and "error:" in done.stderr


def test_missing_submission_path_exits_2(tmp_path):
    done = run_grader("grade", LAB, str(tmp_path / "nope.ipynb"), "--course", str(COURSE), check=False)
    assert done.returncode == 2 and "no such submission" in done.stderr


def test_nbgrader_submitted_layout_names_students_by_folder(tmp_path):
    for student in ("ada", "bob"):
        folder = tmp_path / "submitted" / student / LAB
        folder.mkdir(parents=True)
        (folder / f"{LAB}.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    out = tmp_path / "out"
    done = run_grader("grade", LAB, str(tmp_path / "submitted"), "--course", str(COURSE), "--out", str(out))
    assert sorted(p.name for p in out.glob("*.json")) == ["ada.json", "bob.json"]
    assert "2 graded" in done.stdout
    assert "[2/2]" in done.stderr  # plain progress lines when not on a terminal


SLOW = """
import subprocess, sys, time
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)  # MARKER'])
time.sleep(0.5)
"""


def _marker_processes(marker: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            pass
    return found


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_kill_9_mid_batch_loses_nothing_and_a_rerun_completes(tmp_path):
    marker = f"KILL9-{uuid.uuid4().hex}"
    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    students = [f"s{i}" for i in range(5)]
    for student in students:
        code = SLOW.replace("MARKER", marker)
        (folder / f"{student}.ipynb").write_bytes(submissions.answer({**submissions.SOLUTIONS, "answer_impl": code}))
    command = [sys.executable, "-m", "autograder", "grade", LAB, str(folder), "--course", str(COURSE)]
    command += ["--out", str(out), "--workers", "1", *FAST_LIMITS]
    grader = subprocess.Popen(command, env=grader_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: len(list(out.glob("*.json"))) >= 2, 120), "the grader wrote no records"
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
    finally:
        if grader.poll() is None:
            grader.kill()
    # Every process the batch started, down to the submissions' own children, ends with it.
    assert _wait(lambda: not _marker_processes(marker), 15), "processes survived the grader"

    written = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.json")}
    assert 2 <= len(written) < len(students)
    for content, _ in written.values():
        record = json.loads(content)  # complete, parseable records only
        assert record["status"] == "graded" and record["score"] == submissions.MAX_SCORE - 1

    done = run_grader("grade", LAB, str(folder), "--course", str(COURSE), "--out", str(out), *FAST_LIMITS)
    assert f"{len(written)} already current" in done.stdout
    for name, (content, mtime) in written.items():
        assert (out / name).read_bytes() == content and (out / name).stat().st_mtime_ns == mtime
    assert sorted(p.stem for p in out.glob("*.json")) == students
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len((out / "grades.csv").read_text().splitlines()) == len(students) + 1


def test_force_regrades_and_a_changed_submission_is_regraded(tmp_path):
    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    (folder / "ada.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    args = ["grade", LAB, str(folder), "--course", str(COURSE), "--out", str(out), *FAST_LIMITS]
    run_grader(*args)
    assert json.loads((out / "ada.json").read_text())["score"] == 0
    assert "1 already current" in run_grader(*args).stdout
    assert "1 graded" in run_grader(*args, "--force").stdout
    (folder / "ada.ipynb").write_bytes(submissions.answer(submissions.SOLUTIONS))
    assert "1 graded" in run_grader(*args).stdout
    assert json.loads((out / "ada.json").read_text())["score"] == submissions.MAX_SCORE


def test_check_runs_visible_tests_only_and_summarises(tmp_path):
    folder = tmp_path / LAB
    folder.mkdir()
    shutil.copy(COURSE / "labs" / LAB / "words.txt", folder)
    notebook = folder / f"{LAB}.ipynb"
    notebook.write_bytes(submissions.answer({"add_impl": submissions.SOLUTIONS["add_impl"]}))
    done = run_grader("check", str(notebook), "--course", str(COURSE), "--cell-timeout", "10")
    assert "PASS  test_add  2/2" in done.stdout
    assert "FAIL  test_count  0/3" in done.stdout and "NotImplementedError" in done.stdout
    assert "test_answer" not in done.stdout  # hidden tests only: nothing to check before submitting
    assert "total: 3/7" in done.stdout
    assert "10**12" not in done.stdout


def test_a_dead_worker_costs_only_its_own_submission(tmp_path, monkeypatch):
    # Where a kernel can kill its grading process (the degraded mode, not as root), the batch must carry on.
    from autograder.course.labs import find_submissions, load_lab
    from autograder.grading import batch
    from autograder.sandbox.limits import Limits

    folder = tmp_path / "subs"
    folder.mkdir()
    for student in ("a_first", "b_victim", "c_last"):
        (folder / f"{student}.ipynb").write_bytes(submissions.answer(submissions.SOLUTIONS))
    original_send = batch.WorkerProcess.send

    def send_then_die(self, message):
        original_send(self, message)
        if message.get("student") == "b_victim":
            self.process.kill()

    monkeypatch.setattr(batch.WorkerProcess, "send", send_then_die)
    lab = load_lab(COURSE, LAB)
    summary = batch.run_batch(
        lab,
        find_submissions(lab, [str(folder)]),
        tmp_path / "out",
        workers=1,
        force=False,
        limits=Limits(cell_timeout=10),
        sandbox="bwrap" if shutil.which("bwrap") else "process",
        progress=batch.Progress(3, stream=io.StringIO()),
    )
    by_student = {r["student"]: r for r in summary.graded}
    assert by_student["b_victim"]["status"] == "flagged"
    assert by_student["b_victim"]["reasons"] == [batch.WORKER_DIED]
    assert by_student["b_victim"]["score"] == 0 and by_student["b_victim"]["max_score"] == submissions.MAX_SCORE
    assert by_student["a_first"]["score"] == by_student["c_last"]["score"] == submissions.MAX_SCORE


def test_the_notebook_time_limit_stops_a_slow_submission(tmp_path):
    slow = "import time\ntime.sleep(1.5)\n"
    answers = {gid: slow + code for gid, code in submissions.SOLUTIONS.items()}
    (tmp_path / "slow.ipynb").write_bytes(submissions.answer(answers))
    out = tmp_path / "out"
    limits = ["--cell-timeout", "5", "--notebook-timeout", "2.5"]
    run_grader("grade", LAB, str(tmp_path / "slow.ipynb"), "--course", str(COURSE), "--out", str(out), *limits)
    record = json.loads((out / "slow.json").read_text())
    assert record["status"] == "flagged"
    assert any("longer than its limit of 2.5 s" in reason for reason in record["reasons"])
    assert record["score"] < submissions.MAX_SCORE
    assert [t["output"][: len("not run")] for t in record["tests"] if t["name"] == "test_answer"] == ["not run"]


def test_two_submissions_for_one_student_exit_2(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ada.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    done = run_grader("grade", LAB, str(tmp_path / "a"), str(tmp_path / "b"), "--course", str(COURSE), check=False)
    assert done.returncode == 2 and "two submissions for student 'ada'" in done.stderr


def test_a_student_function_that_hangs_fails_its_tests_and_is_flagged(tmp_path):
    hang = "def add(a, b):\n    while True:\n        pass\n"
    (tmp_path / "hang.ipynb").write_bytes(submissions.answer({**submissions.SOLUTIONS, "add_impl": hang}))
    out = tmp_path / "out"
    run_grader(
        "grade", LAB, str(tmp_path / "hang.ipynb"), "--course", str(COURSE), "--out", str(out), "--cell-timeout", "2"
    )
    record = json.loads((out / "hang.json").read_text())
    by_name = {t["name"]: t for t in record["tests"]}
    assert by_name["test_add"]["status"] == "failed"
    assert by_name["test_count"]["status"] == by_name["test_answer"]["status"] == "passed"  # the kernel lived on
    assert record["status"] == "flagged"
    assert any("ran longer than 2 s" in reason for reason in record["reasons"])

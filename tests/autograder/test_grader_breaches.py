"""Regression tests for the breaches that attacks on the grader's own design found, each with bounded payloads.

One batch of the fixture lab holds the hostile submissions with honest and blank controls, graded with a small disk
quota; lab 4 (the course's heaviest) is graded once for the namespace attacks; the rest are single checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from grader_helpers import COURSE, FAST_LIMITS, LAB, grader_env, run_grader, submissions

from autograder import gradescope
from autograder.grading import execute, verifier
from autograder.grading.restore import declared_student_names
from autograder.instructor.exports import gradescope_results
from autograder.instructor.feedback import feedback_html
from tests.conftest import REPO_ROOT
from tests.labs.submissions import release_with, solution_sources

MAX = submissions.MAX_SCORE
needs_bwrap = pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed")

# The hidden inputs of the fixture lab's test_add, as the kernel sees them in the bridge's requests.
HIDDEN_INPUTS = ("1000000000000", "LEAKED")

SPY_ON_THE_BRIDGE = """
_bridge = next(v for k, v in list(get_ipython().user_ns.items()) if k.startswith('_autograder_'))
_log = []
_run = _bridge.run
def _spy(request_json):
    _log.append(request_json)
    return _run(request_json)
_bridge.run = _spy
_bridge.probe = lambda: [
    "LEAKED " + " ".join(_log)[-3000:],
    ["changed", "LEAKED " + " ".join(_log)[-3000:]],
    ["builtins", ["LEAKED"] + _log[-20:]],
    ["redefined", " ".join(_log)[-3000:]],
]
def add(a, b):
    return a - b
"""

CLASS_NAMES_CARRY_INPUTS = """
def add(a, b):
    return type(f"LEAKED_{a}_{b}".replace("-", "m"), (), {})()
"""

HUGE_ANSWER = """
def count_words(text):
    return "x" * (300 * 2**20)
"""

DISK_FILLER = """
ANSWER = 0
try:
    for i in range(8):
        with open(f"fill{i}.bin", "wb") as handle:
            for _ in range(8):
                handle.write(bytes(2**20))
except OSError:
    pass
"""

HOSTILE = {
    "spy_on_the_bridge": SPY_ON_THE_BRIDGE,
    "class_names_carry_inputs": CLASS_NAMES_CARRY_INPUTS,
    "huge_answer": HUGE_ANSWER,
    "disk_filler": DISK_FILLER,
}


def _sparse(path: Path) -> int:
    """A sparse file as large as the file system allows, up to 16 TiB; its size."""
    path.touch()
    for size in (2**44, 2**44 - 2**16, 2**40):
        try:
            os.truncate(path, size)
            return size
        except OSError:
            continue
    raise OSError("no sparse file possible here")


@pytest.fixture(scope="module")
def breaches(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("breaches")
    folder = work / "submitted"
    folder.mkdir()
    (folder / "honest.ipynb").write_bytes(submissions.answer(submissions.SOLUTIONS))
    (folder / "blank.ipynb").write_bytes(submissions.RELEASE.read_bytes())
    for name, code in HOSTILE.items():
        answers = {"disk_filler": submissions.SOLUTIONS, "class_names_carry_inputs": {}}.get(name, submissions.WRONG)
        hostile = submissions.hostile(code, answers)
        (folder / f"{name}.ipynb").write_bytes(hostile())
    (folder / "symlinked.ipynb").symlink_to(COURSE / "solutions" / LAB / f"{LAB}.ipynb")
    sparse_size = _sparse(folder / "sparse.ipynb")
    fifo = work / "fifo.ipynb"
    os.mkfifo(fifo)
    out = work / "results"
    done = run_grader("grade", LAB, str(folder), str(fifo), "--course", str(COURSE), "--out", str(out),
                      *FAST_LIMITS, "--disk-mb", "32")  # fmt: skip
    records = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
    return {"records": records, "stdout": done.stdout, "sparse_size": sparse_size, "out": out}


def test_honest_and_blank_controls_in_the_hostile_batch(breaches):
    records = breaches["records"]
    assert (records["honest"]["score"], records["honest"]["status"]) == (MAX, "graded")
    assert (records["blank"]["score"], records["blank"]["status"]) == (0, "graded")


def test_a_huge_sparse_file_is_refused_by_size_and_everyone_else_is_graded(breaches):
    record = breaches["records"]["sparse"]
    assert breaches["sparse_size"] >= 2**40
    assert record["status"] == "rejected" and record["reasons"][0].startswith("too large")
    assert len(breaches["records"]) == 2 + len(HOSTILE) + 3


@pytest.mark.parametrize(("student", "why"), [("symlinked", "symbolic link"), ("fifo", "not a regular file")])
def test_symlinks_and_special_files_are_refused(breaches, student, why):
    record = breaches["records"][student]
    assert record["status"] == "rejected" and why in record["reasons"][0]
    assert record["score"] == 0


def test_nothing_the_submission_chose_reaches_reasons_records_feedback_or_gradescope(breaches):
    for student in ("spy_on_the_bridge", "class_names_carry_inputs"):
        record = breaches["records"][student]
        assert record["score"] <= 1.0  # the wrong add() earns at most half of test_partial
        shown = [json.dumps(record), feedback_html(record), json.dumps(gradescope_results(record))]
        for text in shown:
            for leaked in HIDDEN_INPUTS:
                assert leaked not in text, (student, leaked)
        for reason in record["reasons"]:
            assert len(reason) < 300


def test_a_class_name_is_never_quoted(breaches):
    record = breaches["records"]["class_names_carry_inputs"]
    assert any("not plain data" in reason for reason in record["reasons"])


def test_a_huge_answer_fails_its_test_without_sinking_the_batch(breaches):
    record = breaches["records"]["huge_answer"]
    by_name = {t["name"]: t for t in record["tests"]}
    assert by_name["test_count"]["score"] == 0
    assert record["status"] in ("graded", "flagged")


def test_the_disk_quota_holds_and_is_flagged(breaches):
    record = breaches["records"]["disk_filler"]
    assert any("filled the working folder" in reason for reason in record["reasons"])
    assert record["status"] == "flagged"


# --- the test process's namespace ---------------------------------------------------------------------------


class Kernel:
    """Answers fetches from a table of the student's plain values, and records them."""

    def __init__(self, values: dict) -> None:
        self.values, self.fetched = values, []

    def channel(self) -> verifier.Channel:
        kernel = self

        class _Channel(verifier.Channel):
            def __init__(self) -> None:
                super().__init__(None, None)

            def kernel(self, request):
                kernel.fetched += request["names"]
                return [[n, kernel.values[n]] for n in request["names"] if n in kernel.values]

        return _Channel()


def test_a_failed_test_keeps_its_definitions_and_never_borrows_the_students():
    kernel = Kernel({"same": {"$": "ref", "id": 1, "type": "function", "callable": True}, "score": 0.5})
    tests = verifier.Verifier(kernel.channel())
    tests.student_names = {"score"}  # what the lab's solution cells define
    first = tests.run_cell("test_kb", "def same(a, b):\n    return a == b\nassert score == 1.0", fetch=True)
    assert first["status"] == "failed"
    later = tests.run_cell("test_metrics", "assert same(score, 0.5)", fetch=True)
    assert later["status"] == "passed"
    assert "same" not in kernel.fetched


def test_a_name_a_test_cell_defines_is_never_fetched_from_the_kernel():
    kernel = Kernel({"helper": True})
    tests = verifier.Verifier(kernel.channel())
    tests.student_names = set()
    run = tests.run_cell("test_b", "assert helper", fetch=True)
    assert run["status"] == "failed" and kernel.fetched == []


def test_a_test_blocked_by_an_earlier_failure_says_so():
    tests = verifier.Verifier(Kernel({}).channel())
    tests.run_cell("test_kb", "assert False\nreference = 1", fetch=True)
    blocked = tests.run_cell("test_ingest", "assert reference == 1", fetch=True)
    assert blocked["blocked_by"] == "test_kb" and "test_kb did not define" in blocked["output"]
    independent = tests.run_cell("test_metrics", "assert 1 + 1 == 2", fetch=True)
    assert independent["status"] == "passed" and independent["blocked_by"] is None


def test_the_student_names_are_what_solution_cells_define_less_what_tests_define():
    from autograder.course.notebook import read_notebook

    cells = read_notebook(REPO_ROOT / "solutions" / "lab04_knowledge_bases" / "lab04.ipynb")
    names = set(declared_student_names(cells))
    assert {"recall_at_k", "faithfulness", "KB_ID", "SWEEP"} <= names
    assert not {"same", "math", "grader_reference", "grader_hits", "check"} & names


def test_probe_findings_are_worded_by_the_grader():
    found = [
        "free text",
        ["changed", "input transformer"],
        ["changed", "LEAKED"],
        ["builtins", ["print", "LEAKED"]],
        ["redefined", "check"],
        ["redefined", "LEAKED"],
    ]
    reasons = execute.probe_reasons(found, {"check"})
    assert reasons == [
        "the submission changed the input transformer: it tampers with how code runs",
        "the submission replaced or added builtins: print and other names",
        "the submission redefined 'check', which a read-only cell defines",
    ]


# --- lab 4: helpers of a failed test cell -------------------------------------------------------------------

BORROWED_HELPERS = """
same = lambda *args, **kwargs: True
grader_reference = lambda *args, **kwargs: ("kb", "ds", {"statistics": {}})
grader_hits = lambda *args, **kwargs: []
"""

# Passes the visible checks of test_metrics, wrong on the hidden cases.
VISIBLE_ONLY_METRICS = """
def recall_at_k(ranked, relevant, k):
    return 0.5

def reciprocal_rank(ranked, relevant, k):
    return 0.5

def ndcg_at_k(ranked, gains, k):
    return 1.0 if ranked == ["a", "b"] else 0.0
"""


@pytest.fixture(scope="module")
def lab4(tmp_path_factory) -> dict[str, dict]:
    lab = "lab04_knowledge_bases"
    answers = solution_sources(lab)
    no_kb = {gid: source for gid, source in answers.items() if gid in ("metrics_impl", "faithfulness_impl")}
    folder = tmp_path_factory.mktemp("lab4") / "submitted"
    folder.mkdir()
    (folder / "reference.ipynb").write_text(release_with(lab, answers))
    (folder / "honest_no_kb.ipynb").write_text(release_with(lab, no_kb))
    visible_only = {**no_kb, "metrics_impl": VISIBLE_ONLY_METRICS}
    (folder / "visible_only.ipynb").write_text(release_with(lab, visible_only))
    borrow = {**visible_only, "metrics_impl": VISIBLE_ONLY_METRICS + BORROWED_HELPERS}
    (folder / "borrowed_helpers.ipynb").write_text(release_with(lab, borrow))
    out = folder.parent / "results"
    run_grader("grade", lab, str(folder), "--course", str(REPO_ROOT), "--out", str(out), "--workers", "2")
    return {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}


def _scores(record: dict) -> dict[str, float]:
    return {t["name"]: t["score"] for t in record["tests"]}


def test_lab4_reference_keeps_full_marks(lab4):
    assert (lab4["reference"]["score"], lab4["reference"]["status"]) == (lab4["reference"]["max_score"], "graded")


def test_lab4_independent_tests_score_after_test_kb_fails(lab4):
    scores = _scores(lab4["honest_no_kb"])
    assert scores["test_kb"] == 0
    assert (scores["test_metrics"], scores["test_faithfulness"]) == (3, 2)


def test_lab4_helpers_of_a_failed_test_are_never_borrowed_from_the_submission(lab4):
    assert _scores(lab4["borrowed_helpers"]) == _scores(lab4["visible_only"])
    assert _scores(lab4["borrowed_helpers"])["test_metrics"] < 3


# --- the Gradescope entry point, uid leases, the worker's memory ----------------------------------------------


def test_gradescope_refuses_a_symlinked_submission(tmp_path: Path):
    solutions = COURSE / "solutions" / LAB
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / f"{LAB}.ipynb").symlink_to(solutions / f"{LAB}.ipynb")
    results = gradescope.run(tmp_path, LAB)
    assert results["score"] == 0 and "symbolic link" in results["output"]
    (tmp_path / "submission" / f"{LAB}.ipynb").unlink()
    (tmp_path / "submission" / "folder").symlink_to(solutions, target_is_directory=True)
    results = gradescope.run(tmp_path, LAB)
    assert results["score"] == 0 and results["tests"] == []


def test_two_graders_with_different_temporary_folders_never_share_a_uid(tmp_path: Path):
    runs = []
    for name in ("one", "two"):
        folder = tmp_path / name / "submitted"
        folder.mkdir(parents=True)
        for student in ("ada", "bob"):
            (folder / f"{student}.ipynb").write_bytes(submissions.answer(submissions.SOLUTIONS))
        scratch = tmp_path / name / "tmp"
        scratch.mkdir()
        command = [sys.executable, "-m", "autograder", "grade", LAB, str(folder), "--course", str(COURSE)]
        command += ["--out", str(tmp_path / name / "results"), "--workers", "2", *FAST_LIMITS]
        env = {**grader_env(), "TMPDIR": str(scratch)}
        runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    logs = []
    for process in runs:
        _, err = process.communicate(timeout=600)
        logs.append(err.decode(errors="replace")[-3000:])
        assert process.returncode == 0, logs[-1]
    for name in ("one", "two"):
        for student in ("ada", "bob"):
            record = json.loads((tmp_path / name / "results" / f"{student}.json").read_text())
            assert (record["score"], record["status"]) == (MAX, "graded"), (record["reasons"], logs)


FLOOD_EVERY_CHANNEL = """
k = get_ipython().kernel
ident = k._parent_ident["shell"]
blob = "x" * (8 * 2**20)
for _ in range(40):
    for sock, who in ((k.stdin_socket, ident), (getattr(k, "control_socket", None), ident), (k.iopub_socket, None)):
        if sock is not None:
            k.session.send(sock, "stream", {"name": "stdout", "text": blob}, ident=who)
"""
RSS_BOUND_MIB = 256


def _rss_mib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) // 1024


@needs_bwrap
def test_frames_pushed_at_every_channel_leave_the_grader_within_its_memory_bound():
    from autograder.course.labs import load_lab
    from autograder.sandbox.confine import Sandbox
    from autograder.sandbox.kernel import Kernel as SandboxKernel
    from autograder.sandbox.limits import Limits
    from autograder.sandbox.processes import UidLease, is_root

    limits = Limits(cell_timeout=30)
    lease = UidLease() if is_root() else None
    workdir = Path(tempfile.mkdtemp(prefix="autograder-test-"))
    kernel = SandboxKernel(
        Sandbox("bwrap", limits, layout=load_lab(COURSE, LAB).layout()),
        workdir / "k",
        lease.uid if lease else os.getuid(),
    )
    try:
        kernel.wait_ready()
        before = _rss_mib()
        kernel.run(FLOOD_EVERY_CHANNEL, 30, limits)
        grown = _rss_mib() - before
    finally:
        kernel.end()
        if lease:
            lease.release()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"the grader grew by {grown} MiB under a flood of 960 MiB")
    assert grown < RSS_BOUND_MIB


def test_a_cpu_quota_covers_the_whole_tree_where_cgroups_v2_is_delegated(tmp_path: Path, monkeypatch):
    from autograder.sandbox import cgroups

    assert not cgroups.available(tmp_path)  # no cgroup v2 hierarchy there
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    monkeypatch.setattr(cgroups, "_own_group", lambda root: root)
    assert cgroups.available(tmp_path)
    quota = cgroups.Quota("kernel1", cpus=1.0, processes=64, root=tmp_path)
    assert (quota.path / "cpu.max").read_text() == "100000 100000"
    assert (quota.path / "pids.max").read_text() == "64"
    assert (tmp_path / "autograder" / "cgroup.subtree_control").read_text() == "+cpu +pids"
    quota.add(4321)
    assert (quota.path / "cgroup.procs").read_text() == "4321"

"""Unit tests of the pipeline's steps: read, restore, plain data, the test process, records, course layout."""

from __future__ import annotations

import datetime
import decimal
import io
import json
import os
import shutil
import subprocess
import sys
from collections import OrderedDict, namedtuple
from pathlib import Path

import numpy as np
import pytest
from grader_helpers import COURSE, LAB, submissions

from autograder.course.labs import CourseError, find_submissions, load_lab
from autograder.course.notebook import Unreadable, parse_notebook, read_notebook, released_source
from autograder.grading import execute, record, verifier
from autograder.grading.execute import GradedTest, Outcome
from autograder.grading.restore import restore
from autograder.sandbox import bridge, plaindata
from autograder.sandbox.limits import Limits

# --- plain data -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -(10**30),
        2.5,
        float("inf"),
        "text",
        b"\x00\xff",
        1 + 2j,
        [1, [2]],
        (1, "a"),
        {1, 2},
        frozenset({3}),
        {"a": 1, (1, 2): [3]},
        {},
        datetime.datetime(2026, 11, 23, 21, 0, tzinfo=datetime.UTC),
        datetime.date(2026, 1, 2),
        decimal.Decimal("1.10"),
    ],
)
def test_plain_values_round_trip(value):
    data = json.loads(json.dumps(plaindata.encode(value)))
    assert plaindata.decode(data) == value
    assert type(plaindata.decode(data)) is type(value)


def test_numpy_values_round_trip_as_numpy():
    array = np.arange(6, dtype="float32").reshape(2, 3)
    back = plaindata.decode(json.loads(json.dumps(plaindata.encode(array))))
    assert isinstance(back, np.ndarray) and back.dtype == np.float32 and (back == array).all()
    assert plaindata.decode(plaindata.encode(np.int64(7))) == 7


def test_subclasses_lose_their_methods_on_the_way():
    class LyingInt(int):
        def __eq__(self, other):
            return True

    class LyingDict(dict):
        def __eq__(self, other):
            return True

    Point = namedtuple("Point", "x y")
    decoded = [plaindata.decode(plaindata.encode(v)) for v in (LyingInt(7), LyingDict(a=1), Point(1, 2))]
    assert [type(v) for v in decoded] == [int, dict, tuple]
    assert decoded[0] != 8 and decoded[1] != {} and decoded == [7, {"a": 1}, (1, 2)]
    assert plaindata.decode(plaindata.encode(OrderedDict(b=2))) == {"b": 2}


def test_objects_are_references_or_refused():
    class Thing:
        pass

    with pytest.raises(plaindata.NotPlainData):
        plaindata.encode(Thing())
    assert plaindata.encode([Thing()], make_ref=lambda obj: {"$": "ref", "id": 0}) == [{"$": "ref", "id": 0}]
    with pytest.raises(plaindata.NotPlainData):
        plaindata.decode({"$": "ref", "id": 0})  # a reference needs a resolver


def test_malformed_plain_data_is_refused():
    for data in ({"no": "tag"}, {"$": "exec", "v": "os.system('x')"}):
        with pytest.raises(plaindata.NotPlainData):
            plaindata.decode(data)


# --- reading notebooks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xfe\x00", "not text"),
        (b"{", "not valid JSON"),
        (b"[]", "not a notebook"),
        (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "nbformat 4 is needed"),
        (json.dumps({"nbformat": 4, "cells": {}}).encode(), "not a list"),
        (json.dumps({"nbformat": 4, "cells": [{"cell_type": "weird", "source": ""}]}).encode(), "unknown type"),
        (json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}).encode(), "not text"),
    ],
)
def test_unreadable_notebooks_are_refused_with_a_reason(data, says):
    with pytest.raises(Unreadable, match=says):
        parse_notebook(data)


def test_stray_and_malformed_metadata_is_tolerated():
    cells = parse_notebook(
        json.dumps(
            {
                "nbformat": 4,
                "cells": [
                    {"cell_type": "code", "source": ["a", "b"], "metadata": "junk"},
                    {"cell_type": "code", "source": "", "metadata": {"nbgrader": {"grade_id": "../x", "points": "z"}}},
                ],
            }
        ).encode()
    )
    assert cells[0].source == "ab" and cells[1].grade_id is None and cells[1].points == 0


# --- restoring the instructor's cells -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def instructor():
    return read_notebook(COURSE / "solutions" / LAB / f"{LAB}.ipynb")


def plan_for(instructor, data: bytes):
    return restore(instructor, parse_notebook(data))


def test_plan_takes_tests_and_read_only_cells_from_the_instructor(instructor):
    plan = plan_for(instructor, submissions.answer(submissions.SOLUTIONS))
    kinds = [(s.kind, s.name) for s in plan.steps]
    assert kinds == [
        ("readonly", "setup"),
        ("student", "add_impl"),
        ("test", "test_add"),
        ("student", "count_impl"),
        ("test", "test_count"),
        ("student", "answer_impl"),
        ("test", "test_answer"),
        ("test", "test_partial"),
    ]
    test_add = next(s for s in plan.steps if s.name == "test_add")
    assert "10**12" in test_add.source and test_add.hidden and test_add.points == 2
    assert plan.max_score == submissions.MAX_SCORE and plan.reasons == []


def test_added_cells_run_where_the_student_put_them(instructor):
    def add_cells(cells):
        cells.insert(0, submissions.code_cell("first = 1"))
        cells.insert(submissions.cell_index(cells, "add_impl") + 1, submissions.code_cell("after_add = 2"))

    plan = plan_for(instructor, submissions.answer(submissions.SOLUTIONS, add_cells))
    sources = [s.source for s in plan.steps]
    assert sources[0] == "first = 1"
    assert sources.index("after_add = 2") == [s.name for s in plan.steps].index("add_impl") + 1


def test_released_source_drops_hidden_tests_only():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\nb = 2\n"
    assert released_source(source) == "a = 1\nb = 2\n"


def test_untouched_release_is_not_flagged(instructor):
    assert plan_for(instructor, submissions.RELEASE.read_bytes()).reasons == []


# --- the test process -------------------------------------------------------------------------------------------


def test_free_names_are_those_read_but_never_bound():
    import ast

    tree = ast.parse("import math\nx = f(1)\ndef g(a):\n    return a + h\nassert all(y > z for y in x)\nprint(len(x))")
    assert verifier.free_names(tree) == {"f", "h", "z"}


class FakeKernel:
    """Stands in for the worker: answers the test process's requests from a table of student values."""

    def __init__(self, values: dict) -> None:
        self.values = values
        self.requests: list[dict] = []

    def channel(self) -> verifier.Channel:
        kernel = self

        class _Channel(verifier.Channel):
            def __init__(self) -> None:
                super().__init__(io.StringIO(), io.StringIO())

            def kernel(self, request):
                kernel.requests.append(request)
                if request["op"] == "fetch":
                    return [[n, kernel.values[n]] for n in request["names"] if n in kernel.values]
                return {"$": "tuple", "v": [request["op"], request.get("ref")]}

        return _Channel()

    def verifier(self) -> verifier.Verifier:
        """A test process whose lab declares every name in the table as the student's."""
        tests = verifier.Verifier(self.channel())
        tests.student_names = set(self.values)
        return tests


def test_a_test_cell_compares_plain_values_in_its_own_process():
    fake = FakeKernel({"result": {"$": "dict", "v": [["a", 1]]}})
    run = fake.verifier().run_cell("t", "assert result == {'a': 1}\nprint('ok')", fetch=True)
    assert run["status"] == "passed" and run["output"] == "ok\n"


def test_student_objects_cannot_be_compared():
    fake = FakeKernel({"thing": {"$": "ref", "id": 3, "type": "Liar", "callable": False}})
    run = fake.verifier().run_cell("t", "assert thing == 1", fetch=True)
    assert run["status"] == "failed" and run["opaque"]
    assert "Liar" not in run["opaque"] + run["output"]  # the submission names its classes: never quoted


def test_student_functions_are_called_through_the_bridge():
    fake = FakeKernel({"f": {"$": "ref", "id": 5, "type": "function", "callable": True}})
    run = fake.verifier().run_cell("t", "assert f(1, x=2) == ('call', 5)", fetch=True)
    assert run["status"] == "passed"
    call = fake.requests[-1]
    assert call["op"] == "call" and call["args"] == {"$": "tuple", "v": [1]}


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ({"error": "TimeoutError: the submission's code did not finish within 30 s", "status": bridge.TIMEOUT}, True),
        ({"error": "TimeoutError: the submission's code did not finish within 30 s"}, False),
        ({"error": "TimeoutError: ingestion job K1 is still IN_PROGRESS"}, False),
    ],
)
def test_only_a_call_the_kernel_did_not_finish_is_flagged_as_too_long(monkeypatch, answer, flagged):
    """Decided by the run's status, never by the message: the submission can raise any message it likes."""

    class LiveKernel:
        gone_reason = ""

        def alive(self) -> bool:
            return True

    monkeypatch.setattr(bridge, "ask", lambda *args: answer)
    run = execute._Run(LiveKernel(), None, Limits())
    assert run._ask({"op": "call"}) == answer
    assert any("ran longer than" in reason for reason in run.outcome.reasons) is flagged


def test_read_only_definitions_win_over_the_students():
    fake = FakeKernel({"check": 1})
    tests = fake.verifier()
    tests.run_cell("setup", "def check(a, b):\n    assert a == b", fetch=False)
    run = tests.run_cell("t", "check(1, 2)", fetch=True)
    assert run["status"] == "failed" and "AssertionError" in run["output"]
    assert all(r["op"] != "fetch" or "check" not in r["names"] for r in fake.requests)


def test_last_expression_number_is_partial_credit():
    run = FakeKernel({}).verifier().run_cell("t", "x = 1\nx + 0.5", fetch=True)
    assert run["partial"] == 1.5
    assert FakeKernel({}).verifier().run_cell("t", "import numpy\nnumpy.float64(0.25)", True)["partial"] == 0.25
    assert FakeKernel({}).verifier().run_cell("t", "True", fetch=True)["partial"] is None


# --- records ----------------------------------------------------------------------------------------------------


def test_record_scores_clamp_partial_credit_and_add_the_authors_hints_to_failures():
    outcome = Outcome(
        results=[
            GradedTest("a", 2, hidden=False, passed=True, partial=5.0, output="shown", hints=("unused",)),
            GradedTest("b", 2, hidden=True, passed=True, partial=0.5, output="visible part\n", hints=("look at x",)),
            GradedTest("c", 1, hidden=False, passed=False, output="boom\n"),
        ]
    )
    plan = restore([], [])
    built = record.build("s", "lab", plan, outcome, execution_time=1.0, hashes={}, sandbox="bwrap")
    scores = [(t["score"], t["status"], t["output"]) for t in built["tests"]]
    assert scores == [
        (2, "passed", "shown"),
        (0.5, "failed", "visible part\nhint: look at x\n"),
        (0, "failed", "boom\n"),
    ]
    assert built["score"] == 2.5 and built["status"] == "graded"


def test_atomic_write_leaves_no_partial_file(tmp_path: Path):
    target = tmp_path / "r.json"
    record.write_atomic(target, "first")
    record.write_atomic(target, "second")
    assert target.read_text() == "second" and list(tmp_path.iterdir()) == [target]


def test_a_record_is_current_only_for_the_same_submission_and_lab(tmp_path: Path):
    hashes = {"submission_sha256": "a", "lab_sha256": "b"}
    record.save(tmp_path, {"student": "s", **hashes})
    assert record.is_current(tmp_path, "s", hashes)
    assert not record.is_current(tmp_path, "s", {**hashes, "lab_sha256": "c"})
    (tmp_path / "s.json").write_text("{truncated")
    assert not record.is_current(tmp_path, "s", hashes)


# --- course layout ----------------------------------------------------------------------------------------------


def test_lab_has_source_data_files_and_a_hash():
    lab = load_lab(COURSE, LAB)
    assert lab.source.parent.parent.name == "solutions"
    assert [relative for _, relative in lab.data_files] == ["words.txt"]
    assert len(lab.sha256) == 64


@pytest.mark.parametrize("name", ["lab99", "../labs", ".hidden"])
def test_unknown_lab_is_an_error(name):
    with pytest.raises(CourseError):
        load_lab(COURSE, name)


def test_student_ids_come_from_folders_or_file_stems(tmp_path: Path):
    lab = load_lab(COURSE, LAB)
    (tmp_path / "ada" / LAB).mkdir(parents=True)
    (tmp_path / "ada" / LAB / f"{LAB}.ipynb").write_text("{}")
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "bob smith.ipynb").write_text("{}")
    (tmp_path / "empty" / LAB).mkdir(parents=True)
    found = find_submissions(lab, [str(tmp_path / "ada"), str(tmp_path / "loose"), str(tmp_path / "empty" / LAB)])
    assert [(s.student, bool(s.path)) for s in found] == [("ada", True), ("bob_smith", True), ("empty", False)]
    assert "expected lab01_demo.ipynb" in found[2].problem


def test_layout_mirrors_the_course_with_shared_folders(tmp_path: Path):
    layout = load_lab(COURSE, LAB).layout()
    home = layout.populate(tmp_path)
    assert home == tmp_path / "course" / "labs" / LAB and layout.sandbox_home == f"/course/labs/{LAB}"
    assert sorted(p.name for p in home.iterdir()) == ["words.txt"]
    assert (home / "../../data/facts.txt").read_text().startswith("kettlewick")
    assert (tmp_path / "course" / "data").is_symlink()


def test_modules_to_warm_are_the_absolute_imports_of_the_lab():
    sources = ["import numpy as np, os.path\nfrom boto3.session import Session", "from . import x\nimport json", "("]
    assert verifier.imported_modules(sources) == ["boto3", "json", "numpy", "os"]


def test_module_references_import_only_what_the_lab_uses(monkeypatch):
    monkeypatch.setattr(verifier, "lab_modules", {"json"})
    assert verifier.import_trusted("json").__name__ == "json"
    assert verifier.import_trusted("os") is __import__("os")  # already imported here
    for name in ("antigravity", "ensurepip.__main__", "json.__main__", "unittest.__main__"):
        with pytest.raises(ImportError):
            verifier.import_trusted(name)


def test_an_array_without_elements_keeps_its_shape():
    empty = np.zeros((0, 1024), dtype="float32")
    back = plaindata.decode(json.loads(json.dumps(plaindata.encode(empty))))
    assert back.shape == (0, 1024) and back.dtype == np.float32


def test_a_sender_cannot_reshape_into_more_elements_than_it_sent():
    data = plaindata.encode(np.arange(6))
    for shape in ([4, 4], [10**12, 0], [-1, 6], ["6"], [1] * 40):
        assert plaindata.decode({**data, "shape": shape}).shape == (6,)


def test_a_sender_cannot_name_a_huge_dtype():
    back = plaindata.decode({"$": "ndarray", "dtype": "S2000000000", "v": ["ab"]})
    assert back.nbytes < 100
    assert plaindata.decode({"$": "ndarray", "dtype": "V999999999", "v": [1]}).nbytes < 100


def test_a_lab_with_autotest_directives_is_refused(tmp_path: Path):
    import shutil

    shutil.copytree(COURSE, tmp_path / "course")
    source = tmp_path / "course" / "solutions" / LAB / f"{LAB}.ipynb"
    nb = json.loads(source.read_text())
    test_cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_add")
    test_cell["source"] = "### AUTOTEST add(1, 2)\n"
    source.write_text(json.dumps(nb))
    with pytest.raises(CourseError, match="AUTOTEST"):
        load_lab(tmp_path / "course", LAB)


def test_progress_draws_a_bar_on_a_terminal_and_lines_otherwise():
    from autograder.grading.batch import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    result = {"student": "ada", "status": "graded", "score": 3.0, "max_score": 8.0}
    terminal, plain = Terminal(), io.StringIO()
    for stream in (terminal, plain):
        progress = Progress(2, stream=stream)
        progress.update(result)
        progress.update(result)
    assert terminal.getvalue().startswith("\r[###############...............] 1/2 ada: graded 3/8")
    assert terminal.getvalue().endswith("\n") and terminal.getvalue().count("\n") == 1
    assert plain.getvalue().splitlines() == ["[1/2] ada: graded 3/8", "[2/2] ada: graded 3/8"]


@pytest.mark.parametrize(
    ("cpus", "available_mb", "expected"),
    [(2, 24_000, 4), (8, 4_096, 4), (2, None, 2), (4, 100, 1), (1, 8_192, 2)],
)
def test_default_workers_are_two_per_cpu_as_memory_allows(cpus, available_mb, expected):
    from autograder.grading.batch import workers_for

    assert workers_for(cpus, available_mb) == expected


def test_default_workers_on_this_machine_is_at_least_one():
    from autograder.grading.batch import default_workers

    assert default_workers() >= 1


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or not shutil.which("taskset"), reason="needs Linux's taskset")
def test_workers_count_the_cpus_this_process_may_use_not_the_hosts():
    # Under taskset or a container's cpuset, os.cpu_count() still counts the host's CPUs.
    code = "from autograder.grading.batch import usable_cpus; print(usable_cpus())"
    pinned = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True)
    if pinned.returncode != 0:
        pytest.skip(f"taskset is not usable here: {pinned.stderr.strip()}")
    assert pinned.stdout.strip() == "1"

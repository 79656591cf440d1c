"""Values kept for a batch (autograder.grading.kept): computed while grading the reference, read by every later
submission, never taken from a submission's grading."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from grader_helpers import COURSE, FAST_LIMITS, LAB, grader_env, submissions

from autograder.grading import kept as kept_module
from autograder.grading.kept import kept

# The fixture lab's hidden test of ANSWER, rewritten to compare ANSWER with a kept value. Keeping a value that
# depends on the submission is a misuse (the reference's value is read for everyone), which is what makes it show
# here whether a submission's test process read the kept value (it passes with a wrong ANSWER) or computed it.
KEPT_TEST = (
    "### BEGIN HIDDEN TESTS\n"
    "from autograder.grading.kept import kept\n"
    'assert kept("demo: ANSWER as the reference\'s grading saw it", lambda: ANSWER) == 42\n'
    "### END HIDDEN TESTS"
)


@pytest.fixture(autouse=True)
def fresh_module_state():
    kept_module.use(None)
    yield
    kept_module.use(None)


def test_without_a_folder_kept_computes_and_reports_what_it_computed():
    calls = []
    assert kept("k", lambda: calls.append(1) or {"a": (1, 2.5)}) == {"a": (1, 2.5)}
    assert kept("k", lambda: calls.append(1) or {"a": (1, 2.5)}) == {"a": (1, 2.5)}
    assert len(calls) == 2
    assert kept_module.take() == {"k": "{'a': (1, 2.5)}"}
    assert kept_module.take() == {}


def test_stored_values_are_read_back_equal_and_of_the_same_types(tmp_path):
    value = {"recall@5": 0.1 + 0.2, "hits": [("doc", 3)], "none": None, "set": {1, 2}}
    kept("metrics", lambda: value)
    kept_module.store(tmp_path, kept_module.take())
    kept_module.use(str(tmp_path))
    read = kept("metrics", lambda: pytest.fail("computed although a value was kept"))
    assert read == value and type(read["hits"][0]) is tuple
    assert kept_module.take() == {}  # a value read is not reported again


def test_values_that_do_not_read_back_are_computed_every_time(tmp_path):
    class Opaque:
        pass

    kept("object", Opaque)
    kept("nan", lambda: float("nan"))
    assert kept_module.take() == {}


def test_a_file_for_another_key_or_unreadable_is_ignored(tmp_path):
    kept_module.store(tmp_path, {"one": "1"})
    kept_module.use(str(tmp_path))
    path = next(tmp_path.glob("*.txt"))
    path.write_text("another key\n2")
    assert kept("one", lambda: 7) == 7
    path.write_text("one\n[unclosed")
    assert kept("one", lambda: 8) == 8


def _course_with_kept_test(tmp_path: Path, reference_answer: int = 42) -> Path:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    notebook = course / "solutions" / LAB / f"{LAB}.ipynb"
    nb = json.loads(notebook.read_text())
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in nb["cells"]}
    cells["test_answer"]["source"] = KEPT_TEST
    solution = "".join(cells["answer_impl"]["source"])
    cells["answer_impl"]["source"] = solution.replace("ANSWER = 42", f"ANSWER = {reference_answer}")
    notebook.write_text(json.dumps(nb))
    return course


def _run_grader(course: Path, folder: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "autograder", "grade", LAB, str(folder / "submitted"), "--course", str(course)]
    command += ["--out", str(folder / "results"), "--workers", "1", *FAST_LIMITS, *extra]
    env = {**grader_env(), "AUTOGRADER_CACHE_DIR": str(cache)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def _grade(course: Path, folder: Path, cache: Path, *extra: str) -> dict[str, dict]:
    done = _run_grader(course, folder, cache, *extra)
    assert done.returncode == 0, done.stderr
    return {path.stem: json.loads(path.read_text()) for path in (folder / "results").glob("*.json")}


def _submissions(folder: Path) -> None:
    (folder / "submitted").mkdir(parents=True)
    (folder / "submitted" / "wrong.ipynb").write_bytes(
        submissions.answer({**submissions.SOLUTIONS, "answer_impl": "ANSWER = 41\n"})
    )


def _answer_passed(record: dict) -> bool:
    return next(t for t in record["tests"] if t["name"] == "test_answer")["status"] == "passed"


def test_a_batch_reads_what_the_reference_computed_and_never_keeps_a_submissions_values(tmp_path):
    course = _course_with_kept_test(tmp_path)
    cache = tmp_path / "cache"
    _submissions(tmp_path / "first")
    records = _grade(course, tmp_path / "first", cache)
    # The reference (the preflight, graded first) kept ANSWER == 42; the wrong submission's test read it.
    assert _answer_passed(records["wrong"])
    stored = [path.read_text() for path in cache.glob("kept-*/*.txt")]
    assert stored == ["demo: ANSWER as the reference's grading saw it\n42"]

    # Without the reference's grading nothing is kept: the submission's test computes 41, and it is not stored.
    fresh = tmp_path / "fresh-cache"
    _submissions(tmp_path / "second")
    records = _grade(course, tmp_path / "second", fresh, "--skip-preflight")
    assert not _answer_passed(records["wrong"])
    assert not list(fresh.glob("kept-*/*"))


def test_a_reference_short_of_full_marks_keeps_nothing(tmp_path):
    course = _course_with_kept_test(tmp_path, reference_answer=41)  # the reference itself fails test_answer
    cache = tmp_path / "cache"
    _submissions(tmp_path / "batch")
    done = _run_grader(course, tmp_path / "batch", cache)
    assert done.returncode != 0 and "preflight" in done.stderr
    assert not list(cache.glob("kept-*/*"))
    assert not list((tmp_path / "batch" / "results").glob("*.json"))

"""`autograder export --format nbgrader`: results synced into nbgrader's gradebook.db for formgrader, hand-given
scores read back into the other exports."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.instructor.nbgrader_sync import with_manual_grades
from tests.conftest import REPO_ROOT
from tests.instructor.fixture_lab import ANSWERS, FIXTURE, LAB, MAX_SCORE, filled_release
from tests.instructor.test_worked_example import hidden_test_sources

MANUAL_CELL = {
    "cell_type": "markdown",
    "metadata": {
        "nbgrader": {
            "grade": True,
            "solution": True,
            "locked": False,
            "grade_id": "explain",
            "points": 2,
            "schema_version": 3,
            "task": False,
        }
    },
    "source": "YOUR ANSWER HERE",
}
STUDENTS = {"ada": ANSWERS, "bob": {"add_impl": ANSWERS["add_impl"]}}
LATE = "[late]\nper_day = 0.25\n\n[labs.lab01_demo]\ndue = 2026-12-01T23:59:00Z\n"


RUBRIC_CELL = {
    "cell_type": "markdown",
    "metadata": {},
    "source": "Explain your sum in one sentence.\n\n**Rubric** (2 points): 1 for the sum, 1 for why it holds.",
}


def add_manual_cell(notebook: Path) -> None:
    nb = json.loads(notebook.read_text())
    nb["cells"] += [RUBRIC_CELL, MANUAL_CELL]
    notebook.write_text(json.dumps(nb))


def autograder(course: Path, env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["autograder", *args], cwd=course, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, venv_env) -> Path:
    """The fixture lab with a hand-graded cell; Ada solves it and explains, Bob solves one part a day late."""
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    shutil.copytree(FIXTURE, course)
    add_manual_cell(course / "solutions" / LAB / f"{LAB}.ipynb")
    add_manual_cell(course / "labs" / LAB / f"{LAB}.ipynb")
    (course / "course.toml").write_text(LATE)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course)
    for student, answers in STUDENTS.items():
        folder = course / "submitted" / student / LAB
        folder.mkdir(parents=True)
        notebook = filled_release(course / "labs" / LAB / f"{LAB}.ipynb", {**answers, "explain": f"{student} says hi"})
        (folder / f"{LAB}.ipynb").write_bytes(notebook)
        collected = datetime(2026, 12, 2, 10, tzinfo=UTC) if student == "bob" else datetime(2026, 12, 1, 10, tzinfo=UTC)
        os.utime(folder / f"{LAB}.ipynb", (collected.timestamp(), collected.timestamp()))  # the collection time
    autograder(course, venv_env, "grade", LAB, "submitted", "--out", "results")
    return course


@pytest.fixture(scope="module")
def synced_once(graded: Path, tmp_path_factory, venv_env) -> Path:
    course = tmp_path_factory.mktemp("synced") / "course"
    shutil.copytree(graded, course)
    autograder(course, venv_env, "export", "--format", "nbgrader", "--results", "results")
    return course


@pytest.fixture
def synced(synced_once: Path, tmp_path: Path) -> Path:
    """A course synced into nbgrader's gradebook, the test's own to change: a copy of the one sync (nbgrader's
    first sync, which creates the gradebook, costs seconds; a copy costs nothing)."""
    course = tmp_path / "course"
    shutil.copytree(synced_once, course)
    return course


def records(course: Path) -> dict[str, dict]:
    return {s: json.loads((course / "results" / f"{s}.json").read_text()) for s in STUDENTS}


def test_sync_puts_autograded_scores_in_the_gradebook(synced: Path):
    with Gradebook(f"sqlite:///{synced / 'gradebook.db'}") as gradebook:
        assert sorted(s.id for s in gradebook.students) == ["ada", "bob"]
        for student, record in records(synced).items():
            notebook = gradebook.find_submission_notebook(LAB, LAB, student)
            grades = {grade.name: grade for grade in notebook.grades}
            for test in record["tests"]:
                assert grades[test["name"]].auto_score == test["score"]
                assert not grades[test["name"]].needs_manual_grade
            assert grades["explain"].auto_score is None and grades["explain"].needs_manual_grade
            assert notebook.max_score == MAX_SCORE + 2
            assert notebook.late_submission_penalty == record.get("late", {}).get("penalty", 0.0)


def test_the_assignment_belongs_to_the_course_nbgrader_config_names(synced: Path):
    with Gradebook(f"sqlite:///{synced / 'gradebook.db'}") as gradebook:
        assert gradebook.find_assignment(LAB).course_id == "bedrock-adaptation"


def test_late_penalty_and_time_reach_the_gradebook(synced: Path):
    bob = records(synced)["bob"]
    assert bob["late"]["days_late"] == 1 and bob["late"]["penalty"] > 0
    with Gradebook(f"sqlite:///{synced / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(LAB, "bob")
        assert submission.timestamp.isoformat().startswith("2026-12-02T10:00")
        assert submission.late_submission_penalty == bob["late"]["penalty"]


def test_formgrader_finds_each_submitted_notebook_under_autograded(synced: Path):
    for student in STUDENTS:
        notebook = json.loads((synced / "autograded" / student / LAB / f"{LAB}.ipynb").read_text())
        sources = ["".join(cell["source"]) for cell in notebook["cells"]]
        assert f"{student} says hi" in sources
    assert "return a + b" in (synced / "autograded" / "ada" / LAB / f"{LAB}.ipynb").read_text()


def test_no_hidden_test_source_is_written_by_the_sync(synced: Path):
    written = [synced / "gradebook.db", *(synced / "autograded").rglob("*.ipynb")]
    for path in written:
        text = path.read_bytes().decode("utf-8", "replace")
        for line in hidden_test_sources():
            assert line not in text, f"hidden test source leaked into {path}: {line}"


def test_a_tampered_test_cell_is_shown_as_released(synced: Path, venv_env):
    notebook = synced / "submitted" / "bob" / LAB / f"{LAB}.ipynb"
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "test_add":
            cell["source"] = "pass  # TAMPERED"
    notebook.write_text(json.dumps(nb))
    autograder(synced, venv_env, "export", "--format", "nbgrader", "--results", "results")
    shown = (synced / "autograded" / "bob" / LAB / f"{LAB}.ipynb").read_text()
    assert "TAMPERED" not in shown and "check(add(1, 2), 3)" in shown


def counts(gradebook_path: Path) -> tuple[int, ...]:
    with Gradebook(f"sqlite:///{gradebook_path}") as gradebook:
        submissions = gradebook.assignment_submissions(LAB)
        grades = sum(len(nb.grades) for s in submissions for nb in s.notebooks)
        return len(gradebook.students), len(gradebook.assignments), len(submissions), grades


def give_manual_grade(gradebook_path: Path, student: str, score: float) -> None:
    with Gradebook(f"sqlite:///{gradebook_path}") as gradebook:
        grade = gradebook.find_grade("explain", LAB, LAB, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gradebook.db.commit()


def test_rerunning_the_sync_updates_without_duplicates_and_keeps_hand_grades(synced: Path, venv_env):
    before = counts(synced / "gradebook.db")
    give_manual_grade(synced / "gradebook.db", "ada", 1.5)
    autograder(synced, venv_env, "export", "--format", "nbgrader", "--results", "results")
    assert counts(synced / "gradebook.db") == before
    with Gradebook(f"sqlite:///{synced / 'gradebook.db'}") as gradebook:
        assert gradebook.find_grade("explain", LAB, LAB, "ada").manual_score == 1.5


def test_hand_grades_flow_into_the_csv_export(synced: Path, venv_env):
    give_manual_grade(synced / "gradebook.db", "ada", 1.5)
    args = ("export", "--format", "csv", "--results", "results", "--gradebook", "gradebook.db", "--out", "g.csv")
    autograder(synced, venv_env, *args)
    rows = {row["student"]: row for row in csv.DictReader((synced / "g.csv").open())}
    assert rows["(points possible)"][LAB] == f"{MAX_SCORE + 2:g}"
    assert float(rows["ada"][LAB]) == records(synced)["ada"]["score"] + 1.5
    assert "not yet graded by hand: explain" in rows["bob"]["needs_review"]
    assert "not yet graded by hand" not in rows["ada"]["needs_review"]


def test_a_hand_grade_on_a_late_submission_is_reduced_by_the_same_fraction(synced: Path, venv_env):
    give_manual_grade(synced / "gradebook.db", "bob", 2)
    args = ("export", "--format", "csv", "--results", "results", "--gradebook", "gradebook.db", "--out", "g.csv")
    autograder(synced, venv_env, *args)
    bob = records(synced)["bob"]
    row = next(row for row in csv.DictReader((synced / "g.csv").open()) if row["student"] == "bob")
    assert float(row[LAB]) == pytest.approx((bob["late"]["score_before_penalty"] + 2) * 0.75)


def test_an_instructor_rescore_of_an_autograded_cell_wins(synced: Path, venv_env):
    with Gradebook(f"sqlite:///{synced / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade("test_count", LAB, LAB, "bob")
        grade.manual_score = 1.0
        gradebook.db.commit()
    autograder(
        synced, venv_env, "export", "--format", "gradescope", "--results", "results", "--gradebook", "gradebook.db"
    )
    result = json.loads((synced / "gradescope" / "bob" / LAB / "results.json").read_text())
    assert {t["name"]: t["score"] for t in result["tests"]}["test_count"] == 1.0


def test_exports_refuse_a_missing_gradebook(graded: Path, venv_env):
    args = ("export", "--format", "csv", "--results", "results", "--gradebook", "nowhere.db")
    result = autograder(graded, venv_env, *args, check=False)
    assert result.returncode == 2
    assert "no gradebook at" in result.stderr and "--format nbgrader" in result.stderr


def test_a_record_never_synced_counts_its_hand_graded_cells_as_pending(synced: Path):
    zed = {**records(synced)["ada"], "student": "zed"}
    (merged,) = with_manual_grades([zed], synced / "gradebook.db")
    assert merged["manual_pending"] == ["explain"]
    assert (merged["score"], merged["max_score"]) == (zed["score"], zed["max_score"] + 2)


def test_a_sync_stopped_midway_keeps_the_submissions_already_written(graded: Path, tmp_path: Path, monkeypatch):
    from autograder.course.labs import load_lab
    from autograder.instructor import nbgrader_sync

    written = nbgrader_sync._sync_record

    def stop_at_bob(gradebook, lab, notebook, record):
        if record["student"] == "bob":
            raise KeyboardInterrupt
        written(gradebook, lab, notebook, record)

    monkeypatch.setattr(nbgrader_sync, "_sync_record", stop_at_bob)
    ordered = [records(graded)[student] for student in ("ada", "bob")]
    with pytest.raises(KeyboardInterrupt):
        nbgrader_sync.sync(ordered, {LAB: load_lab(graded, LAB)}, tmp_path / "gradebook.db", tmp_path, {})
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        assert [s.student_id for s in gradebook.assignment_submissions(LAB)] == ["ada"]
        assert gradebook.find_submission(LAB, "ada").score == records(graded)["ada"]["score"]


def give_comment(gradebook_path: Path, student: str, text: str) -> None:
    with Gradebook(f"sqlite:///{gradebook_path}") as gradebook:
        comment = gradebook.find_comment("explain", LAB, LAB, student)
        comment.manual_comment = text
        gradebook.db.commit()


def test_feedback_shows_each_hand_grade_with_its_comment_and_the_rubric(synced: Path, venv_env):
    give_manual_grade(synced / "gradebook.db", "ada", 1.5)
    give_comment(synced / "gradebook.db", "ada", "Right sum; say why it holds.")
    args = ("feedback", LAB, "--results", "results", "--out", "fb", "--gradebook", "gradebook.db")
    autograder(synced, venv_env, *args)
    ada, bob = ((synced / "fb" / f"{s}.html").read_text() for s in ("ada", "bob"))
    assert "Graded by hand" in ada and "explain: 1.5 / 2 points" in ada
    assert "Right sum; say why it holds." in ada
    assert "**Rubric** (2 points): 1 for the sum, 1 for why it holds." in ada
    assert "explain: not graded yet (2 points)" in bob and "Rubric" in bob


def test_feedback_without_a_gradebook_says_the_hand_graded_part_is_still_to_grade(graded: Path, venv_env, tmp_path):
    autograder(graded, venv_env, "feedback", LAB, "--results", "results", "--out", str(tmp_path / "fb"))
    page = (tmp_path / "fb" / "ada.html").read_text()
    assert "explain: not graded yet (2 points)" in page and "1 for why it holds" in page
    assert "ada says hi" not in page  # the answer itself is shown only with --submissions


def test_feedback_with_submissions_shows_each_students_own_answer(graded: Path, venv_env, tmp_path):
    args = ("feedback", LAB, "--results", "results", "--out", str(tmp_path / "fb"), "--submissions", "submitted")
    autograder(graded, venv_env, *args)
    ada, bob = ((tmp_path / "fb" / f"{s}.html").read_text() for s in ("ada", "bob"))
    assert "ada says hi" in ada and "bob says hi" not in ada
    assert "bob says hi" in bob and "1 for why it holds" in bob


def test_feedback_outside_the_course_warns_and_writes_pages_without_rubrics(graded: Path, venv_env, tmp_path):
    results = str(graded / "results")
    done = autograder(tmp_path, venv_env, "feedback", LAB, "--results", results, "--out", "fb")
    assert "feedback without rubrics" in done.stderr
    page = (tmp_path / "fb" / "ada.html").read_text()
    assert "explain: not graded yet (2 points)" in page and "1 for why it holds" not in page


def test_feedback_with_submissions_outside_the_course_fails_with_the_reason(graded: Path, venv_env, tmp_path):
    args = ("feedback", LAB, "--results", str(graded / "results"), "--out", "fb", "--submissions", "submitted")
    done = autograder(tmp_path, venv_env, *args, check=False)
    assert done.returncode != 0 and "course" in done.stderr.lower()
    assert not (tmp_path / "fb").exists()

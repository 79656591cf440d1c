"""Due dates and late penalties from course.toml."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from autograder.course.late import (
    ConfigError,
    LatePolicy,
    apply_late_penalty,
    collection_time,
    describe_late,
    load_policy,
    read_submission_times,
)
from tests.instructor.fixture_lab import ANSWERS, FIXTURE, LAB, MAX_SCORE, filled_release

DUE = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
POLICY = LatePolicy(per_day=0.1, max=0.3, grace=timedelta(minutes=15), due={"lab01": DUE})
RECORD = {"student": "ada", "lab": "lab01", "score": 8.0, "max_score": 10.0, "status": "graded", "tests": []}


@pytest.mark.parametrize(
    ("late_by", "days", "score"),
    [
        (timedelta(minutes=-5), 0, 8.0),
        (timedelta(minutes=10), 0, 8.0),  # within the grace period
        (timedelta(minutes=16), 1, 7.2),
        (timedelta(days=1, minutes=16), 2, 6.4),
        (timedelta(days=9), 9, 5.6),  # capped at 30 %
    ],
)
def test_penalty_per_started_day_after_grace_with_a_cap(late_by, days, score):
    graded = apply_late_penalty(RECORD, POLICY, DUE + late_by)
    assert graded["late"]["days_late"] == days
    assert graded["score"] == pytest.approx(score)
    assert graded["late"]["score_before_penalty"] == 8.0


def test_lab_without_a_due_date_is_untouched():
    assert apply_late_penalty({**RECORD, "lab": "lab02"}, POLICY, DUE + timedelta(days=3)) == {**RECORD, "lab": "lab02"}


def test_unknown_submission_time_applies_no_penalty_and_says_so():
    graded = apply_late_penalty(RECORD, POLICY, None)
    assert graded["score"] == 8.0
    assert describe_late(graded) == "no submission time known: no penalty applied"


def test_description_for_people():
    assert (
        describe_late(apply_late_penalty(RECORD, POLICY, DUE + timedelta(hours=30)))
        == "2 day(s) late: -1.6 of 8 points"
    )
    assert describe_late(apply_late_penalty(RECORD, POLICY, DUE)) == ""


def test_policy_from_course_toml(tmp_path: Path):
    (tmp_path / "course.toml").write_text(
        "[late]\nper_day = 0.2\nmax = 0.5\ngrace_minutes = 30\n\n[labs.lab01]\ndue = 2026-12-01T23:59:00Z\n"
    )
    policy = load_policy(tmp_path)
    assert policy == LatePolicy(0.2, 0.5, timedelta(minutes=30), {"lab01": DUE})


def test_no_course_toml_means_no_penalties(tmp_path: Path):
    assert load_policy(tmp_path) == LatePolicy()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[late]\nper_day = 2\n", "per_day must be a number from 0 to 1"),
        ("[late]\ngrace_minutes = -1\n", "grace_minutes must be a number of minutes"),
        ('[labs.lab01]\ndue = "tomorrow"\n', r"\[labs.lab01\] due must be a date and time"),
        ("[late\n", "is not valid TOML"),
    ],
)
def test_malformed_course_toml_is_refused_naming_the_key(tmp_path: Path, text, message):
    (tmp_path / "course.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_policy(tmp_path)


def test_submission_times_come_from_the_instructors_csv(tmp_path: Path):
    (tmp_path / "times.csv").write_text("student,submitted_at\nada,2026-12-02 10:00:00.123456 UTC\nbob,2026-12-01\n")
    assert read_submission_times(tmp_path / "times.csv") == {
        "ada": datetime(2026, 12, 2, 10, 0, 0, 123456, tzinfo=UTC),
        "bob": datetime(2026, 12, 1, tzinfo=UTC),
    }
    (tmp_path / "bad.csv").write_text("ada,not a time\n")
    with pytest.raises(ConfigError, match="row 1"):
        read_submission_times(tmp_path / "bad.csv")


def test_collection_time_is_the_notebooks_mtime(tmp_path: Path):
    notebook = tmp_path / "lab.ipynb"
    notebook.write_text("{}")
    when = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    os.utime(notebook, (when.timestamp(), when.timestamp()))
    assert collection_time(notebook) == when
    assert collection_time(tmp_path / "missing.ipynb") is None


def test_grade_applies_the_course_penalty_to_a_late_nbgrader_submission(tmp_path: Path, venv_env):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    (course / "course.toml").write_text(f"[late]\nper_day = 0.1\n\n[labs.{LAB}]\ndue = 2026-12-01T23:59:00Z\n")
    collected = datetime(2026, 12, 3, 1, 0, tzinfo=UTC).timestamp()  # ada's notebook as the collection left it
    for student in ("ada", "bob", "cyd"):
        folder = course / "submitted" / student / LAB
        folder.mkdir(parents=True)
        (folder / f"{LAB}.ipynb").write_bytes(filled_release(FIXTURE / "labs" / LAB / f"{LAB}.ipynb", ANSWERS))
        # A timestamp.txt travels with the submission: the student wrote it, so it never decides the penalty.
        (folder / "timestamp.txt").write_text("2026-11-01 00:00:00.000000 UTC")
        os.utime(folder / f"{LAB}.ipynb", (collected, collected))
    # The instructor's times win over the file's: bob on time, cyd late by one day.
    (course / "times.csv").write_text("student,submitted_at\nbob,2026-12-01 12:00:00\ncyd,2026-12-02T10:00:00Z\n")
    subprocess.run(
        ["autograder", "grade", LAB, "submitted", "--out", "results", "--submitted-at", "times.csv"],
        cwd=course,
        env=venv_env,
        check=True,
        capture_output=True,
    )
    ada = json.loads((course / "results" / "ada.json").read_text())
    bob = json.loads((course / "results" / "bob.json").read_text())
    assert (ada["score"], ada["late"]["days_late"], ada["late"]["score_before_penalty"]) == (6.4, 2, MAX_SCORE)
    assert (bob["score"], bob["late"]["days_late"]) == (MAX_SCORE, 0)
    cyd = json.loads((course / "results" / "cyd.json").read_text())
    assert (cyd["late"]["days_late"], cyd["late"]["submitted_at"]) == (1, "2026-12-02T10:00:00+00:00")


def test_grade_refuses_a_malformed_course_toml(tmp_path: Path, venv_env):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    (course / "course.toml").write_text("[late]\nper_day = 7\n")
    result = subprocess.run(
        ["autograder", "grade", LAB, str(course / "labs" / LAB / f"{LAB}.ipynb")],
        cwd=course,
        env=venv_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "per_day must be a number from 0 to 1" in result.stderr

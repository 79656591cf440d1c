"""Exports and feedback built from result records: right formats, right numbers, no hidden-test source."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from autograder.grading.record import load_records
from autograder.instructor.exports import RosterError, canvas_csv, gradebook_csv, gradescope_results, write_gradescope
from autograder.instructor.feedback import feedback_html

# What a record holds for a test with hidden parts: its visible part's output, then the author's hint on a failure
# (the grader never puts a hidden part's output or source there: tests/autograder and tests/labs check that).
SHOWN = "double(2) is 4\nhint: negative numbers too\n"


def record(student: str, lab: str, score: float, status: str = "graded", reasons=()) -> dict:
    return {
        "student": student,
        "lab": lab,
        "score": score,
        "max_score": 3,
        "status": status,
        "reasons": list(reasons),
        "tests": [
            {
                "name": "test_double",
                "score": min(score, 2),
                "max_score": 2,
                "status": "passed",
                "output": "ok",
                "visibility": "visible",
            },
            {
                "name": "test_double_hidden",
                "score": max(score - 2, 0),
                "max_score": 1,
                "status": "passed" if score > 2 else "failed",
                "output": SHOWN,
                "visibility": "hidden",
            },
        ],
        "execution_time": 1.25,
    }


RECORDS = [
    record("ada", "lab01_demo", 3),
    record("bob", "lab01_demo", 2),
    record("ada", "lab02_demo", 1.5),
    record("eve", "lab01_demo", 0, "flagged", ["test cell test_double was edited"]),
]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_gradebook_has_a_column_per_lab_and_a_row_per_student():
    table = rows(gradebook_csv(RECORDS))
    assert table[0] == ["student", "lab01_demo", "lab02_demo", "total", "possible", "late", "needs_review"]
    assert table[1][:4] == ["(points possible)", "3", "3", "6"]
    by_student = {row[0]: row for row in table[2:]}
    assert by_student["ada"][1:5] == ["3", "1.5", "4.5", "6"]
    assert by_student["bob"][1:4] == ["2", "", "2"]


def test_gradebook_says_what_needs_review_and_why():
    eve = next(row for row in rows(gradebook_csv(RECORDS)) if row[0] == "eve")
    assert eve[-1] == "lab01_demo: flagged (test cell test_double was edited)"


def test_gradescope_results_follow_the_spec_and_show_what_the_record_shows():
    results = gradescope_results(RECORDS[0])
    assert set(results) >= {"score", "execution_time", "output", "tests"}
    assert results["score"] == 3
    for test in results["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
    assert [test["output"] for test in results["tests"]] == ["ok", SHOWN]


def test_gradescope_files_land_per_student_and_lab(tmp_path: Path):
    written = write_gradescope(RECORDS, tmp_path)
    assert tmp_path / "ada" / "lab02_demo" / "results.json" in written
    assert json.loads((tmp_path / "bob" / "lab01_demo" / "results.json").read_text())["score"] == 2


def test_records_with_ids_that_are_not_plain_names_are_refused(tmp_path: Path):
    (tmp_path / "evil.json").write_text(json.dumps(record("../escape", "lab01_demo", 1)))
    records, problems = load_records(tmp_path)
    assert records == []
    assert problems == ["evil.json: student '../escape' is not a plain name"]


CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section,lab01_demo (4411),Quiz 1 (4412)
    Points Possible,,,,,3,10
"Lovelace, Ada",101,S101,ada,Sec A,,9
"Byron, Bob",102,S102,bob,Sec A,,7
"Unknown, Una",103,S103,una,Sec B,,8
"""


def test_canvas_export_fills_existing_columns_and_adds_new_labs():
    text, warnings = canvas_csv(RECORDS, CANVAS_ROSTER.replace("    Points", "Points"))
    table = rows(text)
    assert table[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "lab01_demo (4411)",
        "Quiz 1 (4412)",
        "lab02_demo",
    ]
    assert table[1][5:] == ["3", "10", "3"]
    ada = next(row for row in table if row[3] == "ada")
    assert (ada[5], ada[6], ada[7]) == ("3", "9", "1.5")
    una = next(row for row in table if row[3] == "una")
    assert (una[5], una[7]) == ("", "")
    assert warnings == ["eve (lab01_demo): no student with this id in the roster"]


def test_canvas_export_refuses_a_file_that_is_not_a_canvas_gradebook():
    with pytest.raises(RosterError, match="not a Canvas gradebook export"):
        canvas_csv(RECORDS, "name,score\nada,3\n")


def test_feedback_shows_scores_and_every_tests_output_and_hint():
    page = feedback_html(RECORDS[0], student_code=[("double", "def double(x):\n    return x << 1")])
    assert "3 / 3" in page
    assert "test_double_hidden <em>(hidden test)</em>" in page
    assert "<pre>ok</pre>" in page
    assert "return x &lt;&lt; 1" in page
    assert "double(2) is 4\nhint: negative numbers too" in page


def test_feedback_explains_a_flagged_submission():
    page = feedback_html(RECORDS[3])
    assert "flagged" in page and "test cell test_double was edited" in page


def test_feedback_escapes_what_the_student_controls():
    evil = record("<script>x</script>", "lab01_demo", 1)
    assert "<script>x</script>" not in feedback_html(evil, [("a", "<img src=x onerror=alert(1)>")])


def test_load_records_reports_bad_files_and_keeps_the_rest(tmp_path: Path):
    for rec in RECORDS[:2]:
        (tmp_path / f"{rec['student']}.json").write_text(json.dumps(rec))
    (tmp_path / "broken.json").write_text("{oops")
    (tmp_path / "wrong.json").write_text(json.dumps({"student": "x"}))
    (tmp_path / "grades.csv").write_text("student,score\n")
    records, problems = load_records(tmp_path)
    assert [r["student"] for r in records] == ["ada", "bob"]
    assert len(problems) == 2
    assert any(p.startswith("broken.json: not readable JSON") for p in problems)
    assert any(p.startswith("wrong.json: 'lab' is missing") for p in problems)


def test_load_records_from_a_missing_folder_says_what_to_run(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="run `autograder grade"):
        load_records(tmp_path / "nowhere")


def test_late_penalties_show_in_the_gradebook_feedback_and_gradescope():
    late = {**record("ada", "lab01_demo", 2.7), "late": {"days_late": 1, "penalty": 0.3, "score_before_penalty": 3}}
    ada = next(row for row in rows(gradebook_csv([late])) if row[0] == "ada")
    assert ada[-2] == "lab01_demo: 1 day(s) late: -0.3 of 3 points"
    assert "1 day(s) late: -0.3 of 3 points" in feedback_html(late)
    assert "1 day(s) late" in gradescope_results(late)["output"]

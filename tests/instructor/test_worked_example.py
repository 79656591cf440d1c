"""The worked example in docs/instructor.md runs as written: release, grade three students, feedback, exports."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from tests.conftest import REPO_ROOT
from tests.instructor.fixture_lab import ANSWERS, FIXTURE, LAB, MAX_SCORE, copy_solutions, filled_release

DOC = REPO_ROOT / "docs" / "instructor.md"
STUDENTS = {"ada": ANSWERS, "bob": {"add_impl": ANSWERS["add_impl"]}, "cyd": {}}
ROSTER = (
    'Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n"L, Ada",1,S1,ada,A\n"B, Bob",2,S2,bob,A\n'
)


def documented_commands() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- worked-example[^>]*-->\s*```bash\n(.*?)```", text, re.S)
    assert match, "docs/instructor.md has no worked-example block"
    return match.group(1)


def submit(course: Path, student: str, answers: dict[str, str]) -> None:
    path = course / "submitted" / student / LAB / f"{LAB}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_bytes(filled_release(course / "labs" / LAB / f"{LAB}.ipynb", answers))


@pytest.fixture(scope="module")
def worked_example(tmp_path_factory, venv_env) -> Path:
    course = tmp_path_factory.mktemp("course")
    copy_solutions(course)
    (course / "canvas-gradebook.csv").write_text(ROSTER)
    commands = documented_commands().splitlines()
    release, rest = commands[0], "\n".join(commands[1:])
    subprocess.run(["bash", "-euc", release], cwd=course, env=venv_env, check=True, capture_output=True)
    for student, answers in STUDENTS.items():
        submit(course, student, answers)
    result = subprocess.run(["bash", "-euc", rest], cwd=course, env=venv_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return course


def hidden_test_sources() -> list[str]:
    nb = json.loads((FIXTURE / "solutions" / LAB / f"{LAB}.ipynb").read_text())
    hidden = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        hidden += re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", source, re.S)
    lines = [line.strip() for block in hidden for line in block.splitlines() if len(line.strip()) > 8]
    assert lines, "the fixture lab should have hidden tests"
    return lines


def test_release_writes_the_student_lab_with_its_data(worked_example):
    assert (worked_example / "labs" / LAB / f"{LAB}.ipynb").is_file()
    assert (worked_example / "labs" / LAB / "words.txt").is_file()


def test_three_students_graded_full_partial_blank(worked_example):
    rows = list(csv.DictReader((worked_example / "results" / LAB / "grades.csv").open()))
    scores = {row["student"]: float(row["score"]) for row in rows}
    assert scores["ada"] == MAX_SCORE
    assert 0 < scores["bob"] < MAX_SCORE
    assert scores["cyd"] == 0.0


def test_feedback_page_per_student_without_hidden_test_source(worked_example):
    pages = {p.stem: p.read_text() for p in (worked_example / "feedback" / LAB).glob("*.html")}
    assert set(pages) == set(STUDENTS)
    assert "return a + b" in pages["ada"]
    for line in hidden_test_sources():
        assert not any(line in page for page in pages.values()), f"hidden test source leaked: {line}"


def test_every_export_is_free_of_hidden_test_source(worked_example):
    exported = [worked_example / "gradebook.csv", worked_example / "canvas-import.csv", worked_example / "gradebook.db"]
    exported += sorted((worked_example / "gradescope").rglob("results.json"))
    exported += sorted((worked_example / "autograded").rglob("*.ipynb"))
    text = "\n".join(path.read_bytes().decode("utf-8", "replace") for path in exported)
    for line in hidden_test_sources():
        assert line not in text


def test_canvas_import_fills_the_roster(worked_example):
    rows = list(csv.reader((worked_example / "canvas-import.csv").open()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", LAB]
    assert [row[-1] for row in rows[1:]] == ["8", "8", "3"]


def test_gradescope_results_per_student(worked_example):
    for student in STUDENTS:
        results = json.loads((worked_example / "gradescope" / student / LAB / "results.json").read_text())
        assert {"score", "tests", "execution_time"} <= set(results)


def test_nbgrader_gradebook_holds_the_autograded_scores_for_formgrader(worked_example):
    records = {s: json.loads((worked_example / "results" / LAB / f"{s}.json").read_text()) for s in STUDENTS}
    with Gradebook(f"sqlite:///{worked_example / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(LAB, s).score for s in STUDENTS}
    assert scores == {student: record["score"] for student, record in records.items()}
    for student in STUDENTS:
        assert (worked_example / "autograded" / student / LAB / f"{LAB}.ipynb").is_file()

"""The instructor's pipeline on every course lab, after grading: feedback pages and every export name each student,
carry the scores of the records, and never show a line of the lab's hidden tests."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.course.notebook import authors_hints
from tests.conftest import REPO_ROOT
from tests.labs.submissions import LABS, notebook_path, solution_sources


def hidden_lines(lab: str) -> list[str]:
    """The lines of the lab's hidden test sections that appear nowhere in what students receive or write (a hidden
    test may recompute an answer with the reference's own code)."""
    cells = json.loads(notebook_path("solutions", lab).read_text(encoding="utf-8"))["cells"]
    blocks = [
        block
        for cell in cells
        for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", "".join(cell["source"]), re.S)
    ]
    released = notebook_path("labs", lab).read_text(encoding="utf-8")
    answers = "\n".join(solution_sources(lab).values())
    lines = {line.strip() for block in blocks for line in block.splitlines()}
    return sorted(
        line for line in lines if len(line) > 12 and json.dumps(line)[1:-1] not in released and line not in answers
    )


def autograder(*args: str, cwd: Path, venv_env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=venv_env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


@pytest.fixture(scope="session")
def exported(graded, once_per_run, venv_env):
    """``exported(lab)``: a course folder with the lab's feedback pages and its csv, gradescope and nbgrader exports
    made from the graded submissions, once per test run."""

    def export_into(lab: str, course: Path) -> None:
        work = graded(lab)
        for part in ("solutions", "labs"):
            shutil.copytree(REPO_ROOT / part / lab, course / part / lab)
        shutil.copy(REPO_ROOT / "nbgrader_config.py", course)
        results, submitted = str(work / "results"), str(work / "submitted")
        run = {"cwd": course, "venv_env": venv_env}
        autograder("feedback", lab, "--results", results, "--out", "feedback", "--submissions", submitted, **run)
        autograder("export", "--format", "csv", "--results", results, "--out", "gradebook.csv", **run)
        autograder("export", "--format", "gradescope", "--results", results, "--out", "gradescope", **run)
        autograder("export", "--format", "nbgrader", "--results", results, "--submissions", submitted, **run)

    return lambda lab: once_per_run(f"exported-{lab}", lambda course: export_into(lab, course))


@pytest.mark.parametrize("lab", LABS)
def test_course_lab_has_hidden_tests_to_protect(lab):
    assert len(hidden_lines(lab)) >= 10, f"{lab}: its hidden tests are too few to grade on unseen cases"


@pytest.mark.parametrize("lab", LABS)
def test_feedback_shows_each_student_their_answers_and_no_hidden_test(lab, exported, records):
    course = exported(lab)
    pages = {page.stem: page.read_text(encoding="utf-8") for page in (course / "feedback").glob("*.html")}
    assert set(pages) == set(records(lab))
    answer = next(source for source in solution_sources(lab).values() if "### BEGIN SOLUTION" not in source)
    first_line = next(line for line in answer.splitlines() if len(line.strip()) > 12)
    assert first_line.strip() in pages["reference"].replace("&quot;", '"').replace("&#x27;", "'")
    leaked = [line for line in hidden_lines(lab) if any(line in page for page in pages.values())]
    assert not leaked, f"{lab}: feedback shows hidden test source: {leaked[:3]}"


@pytest.mark.parametrize("lab", LABS)
def test_exports_carry_the_scores_and_no_hidden_test(lab, exported, records):
    course = exported(lab)
    graded = records(lab)
    scores = {student: record["score"] for student, record in graded.items()}
    rows = {row["student"]: row for row in csv.DictReader((course / "gradebook.csv").open(encoding="utf-8"))}
    # The csv keeps a few decimals and nbgrader sums a submission's grades in floating point: equal to 1e-4.
    assert {student: float(rows[student][lab]) for student in graded} == pytest.approx(scores, abs=1e-4)
    for student, record in graded.items():
        results = json.loads((course / "gradescope" / student / lab / "results.json").read_text())
        assert results["score"] == record["score"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="bedrock-adaptation") as gradebook:
        synced = {s: gradebook.find_submission(lab, s).score for s in graded}
    assert synced == pytest.approx(scores, abs=1e-4)
    exported_files = [course / "gradebook.csv", course / "gradebook.db"]
    exported_files += sorted((course / "gradescope").rglob("results.json"))
    exported_files += sorted((course / "autograded").rglob("*.ipynb"))
    text = "\n".join(path.read_bytes().decode("utf-8", "replace") for path in exported_files)
    leaked = [line for line in hidden_lines(lab) if line in text]
    assert not leaked, f"{lab}: an export carries hidden test source: {leaked[:3]}"


def hints_by_test(lab: str) -> dict[str, list[str]]:
    """The author's hints of every test cell of the lab that holds hidden tests."""
    cells = json.loads(notebook_path("solutions", lab).read_text(encoding="utf-8"))["cells"]
    sources = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in cells if "nbgrader" in c["metadata"]
    }
    return {gid: authors_hints(source) for gid, source in sources.items() if "### BEGIN HIDDEN TESTS" in source}


@pytest.mark.parametrize("lab", LABS)
def test_every_hidden_test_of_the_lab_has_an_authors_hint(lab):
    assert hints_by_test(lab) and all(hints_by_test(lab).values()), f"{lab}: a test with hidden tests has no hint"


@pytest.mark.parametrize("lab", LABS)
def test_blank_feedback_gives_the_authors_hint_for_each_failed_hidden_test(lab, exported, records):
    page = (exported(lab) / "feedback" / "blank.html").read_text(encoding="utf-8")
    failed = [
        t["name"] for t in records(lab)["blank"]["tests"] if t["visibility"] == "hidden" and t["status"] != "passed"
    ]
    assert failed
    hints = hints_by_test(lab)
    missing = [name for name in failed if not all(escape(hint) in page for hint in hints[name])]
    assert not missing, f"{lab}: the blank submission's feedback lacks the hints of {missing}"
    leaked = [line for line in hidden_lines(lab) if line in page]
    assert not leaked, f"{lab}: feedback shows hidden test source: {leaked[:3]}"


@pytest.mark.parametrize("lab", LABS)
def test_parts_graded_by_hand_are_pending_in_the_feedback_and_the_default_csv(lab, exported, records):
    course = exported(lab)
    manual = records(lab)["blank"]["manual"]
    assert manual
    page = (course / "feedback" / "blank.html").read_text(encoding="utf-8")
    rows = {row["student"]: row for row in csv.DictReader((course / "gradebook.csv").open(encoding="utf-8"))}
    for part in manual:
        assert f"{part['name']} ({part['max_score']:g} points)" in page
        assert f"{part['name']} ({part['max_score']:g} points)" in rows["blank"]["needs_review"]


def test_feedback_pages_and_exports_are_readable_by_the_group(exported):
    course = exported(LABS[0])
    umask = os.umask(0)
    os.umask(umask)
    for path in [*(course / "feedback").glob("*.html"), course / "gradebook.csv"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path

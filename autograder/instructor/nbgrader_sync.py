"""nbgrader's gradebook: push our results into gradebook.db for formgrader, and read the hand-graded scores back.

`sync` writes, for each record, the student, the lab as an nbgrader assignment (one notebook, its grade and
solution cells), the submission with every autograded cell's ``auto_score`` and the late penalty, and the
submitted notebook under ``autograded/<student>/<lab>/`` (test and read-only cells as released) so formgrader
can open it. It never touches a score an instructor set by hand, so it can be re-run at any time; each
submission is committed on its own, so an interrupted sync keeps what it wrote. No hidden test source is written:
the gradebook gets cell names and points, the notebook the student's own copy.

`with_manual_grades` reads the gradebook back into records for the other exports.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

from autograder.course.labs import Lab
from autograder.course.notebook import Cell, released_source
from autograder.grading.record import write_atomic

DEFAULT_COURSE = "default_course"  # nbgrader's own default course id


class GradebookError(ValueError):
    """The gradebook cannot be used; the message says why and what to do."""


def course_id(course_root: Path) -> str:
    """The course id formgrader uses: nbgrader_config.py's ``CourseDirectory.course_id``, else nbgrader's default."""
    if not (course_root / "nbgrader_config.py").is_file():
        return DEFAULT_COURSE
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    return str(config.CourseDirectory.get("course_id") or DEFAULT_COURSE)


def _open(path: Path, create: bool, course: str = DEFAULT_COURSE):
    if not create and not path.is_file():
        raise GradebookError(f"no gradebook at {path}; sync it first with `autograder export --format nbgrader`")
    # Creating a gradebook runs `alembic` in a subprocess: make sure this interpreter's scripts are found.
    scripts, search = str(Path(sys.executable).parent), os.environ.get("PATH", "")
    if scripts not in search.split(os.pathsep):
        os.environ["PATH"] = f"{scripts}{os.pathsep}{search}"
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{path.resolve()}", course_id=course)


def _define_lab(gradebook, lab: Lab) -> str:
    """Create or update the assignment, its notebook and cells; return the notebook's name."""
    notebook = lab.source.stem
    gradebook.update_or_create_assignment(lab.name)
    gradebook.update_or_create_notebook(notebook, lab.name)
    for cell in lab.cells:
        if cell.grade_id and cell.grade:
            kind = "code" if cell.is_test else cell.cell_type
            gradebook.update_or_create_grade_cell(
                cell.grade_id, notebook, lab.name, max_score=cell.points, cell_type=kind
            )
        if cell.grade_id and cell.solution:
            gradebook.update_or_create_solution_cell(cell.grade_id, notebook, lab.name)
    return notebook


def _complete(gradebook, submitted) -> None:
    """Give a submission grade and comment rows for cells added to the lab after it was first synced."""
    from nbgrader.api import Comment, Grade

    graded = {grade.cell_id for grade in submitted.grades}
    commented = {comment.cell_id for comment in submitted.comments}
    for cell in submitted.notebook.grade_cells:
        if cell.id not in graded:
            gradebook.db.add(Grade(cell_id=cell.id, notebook=submitted))
    for cell in submitted.notebook.solution_cells:
        if cell.id not in commented:
            gradebook.db.add(Comment(cell_id=cell.id, notebook=submitted))
    gradebook.db.flush()


def _sync_record(gradebook, lab: Lab, notebook: str, record: dict) -> None:
    late = record.get("late", {})
    gradebook.update_or_create_student(record["student"])
    timestamp = {"timestamp": late["submitted_at"]} if late.get("submitted_at") else {}
    gradebook.update_or_create_submission(lab.name, record["student"], **timestamp)
    submitted = gradebook.find_submission_notebook(notebook, lab.name, record["student"])
    _complete(gradebook, submitted)
    scores = {test["name"]: test["score"] for test in record["tests"]}
    autograded = {cell.grade_id for cell in lab.cells if cell.is_test}
    for grade in submitted.grades:
        if grade.name in autograded:
            grade.auto_score = scores.get(grade.name, 0.0)  # a test without a result (rejected) earned nothing
            grade.needs_manual_grade = False
    submitted.late_submission_penalty = late.get("penalty", 0.0)
    gradebook.db.commit()


def _released_copy(notebook_bytes: bytes, instructor: list[Cell]) -> str:
    """The submitted notebook with its test and read-only cells as released (what the grader graded)."""
    released = {
        cell.grade_id: released_source(cell.source)
        for cell in instructor
        if cell.grade_id and (cell.is_test or cell.is_readonly)
    }
    notebook = json.loads(notebook_bytes)
    for cell in notebook.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in released:
            cell["source"] = released[grade_id]
    return json.dumps(notebook, indent=1) + "\n"


def sync(
    records: list[dict],
    labs: dict[str, Lab],
    gradebook_path: Path,
    course_root: Path,
    notebooks: dict[tuple[str, str], Path],
) -> int:
    """Write ``records`` into the gradebook, and the submitted notebooks (``(student, lab)`` → path) into
    ``course_root``/autograded/<student>/<lab>/; returns how many notebooks were written."""
    from sqlalchemy.exc import SAWarning

    gradebook = _open(gradebook_path, create=True, course=course_id(course_root))
    try:
        # nbgrader's add_submission builds rows before adding them to its session; SQLAlchemy warns, harmlessly.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)
            names = {name: _define_lab(gradebook, lab) for name, lab in labs.items()}
            for record in records:
                _sync_record(gradebook, labs[record["lab"]], names[record["lab"]], record)
    finally:
        gradebook.close()
    written = 0
    for record in records:
        lab, source = labs[record["lab"]], notebooks.get((record["student"], record["lab"]))
        try:
            text = _released_copy(source.read_bytes(), lab.cells) if source else None
        except (OSError, ValueError, AttributeError):
            text = None  # an unreadable submission was rejected: formgrader has nothing to show
        if text is not None:
            target = course_root / "autograded" / record["student"] / lab.name / lab.source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text)
            written += 1
    return written


def with_manual_grades(records: list[dict], gradebook_path: Path) -> list[dict]:
    """The records with the gradebook's hand-given scores: cells graded by hand added to score and max_score,
    autograded cells an instructor re-scored replaced, the late penalty re-applied; each hand-graded cell carries the
    grader's comment when there is one; ``manual_pending`` lists the hand-graded cells nobody has graded yet."""
    from nbgrader.api import MissingEntry

    gradebook = _open(gradebook_path, create=False)
    merged = []
    try:
        for record in records:
            try:
                submission = gradebook.find_submission(record["lab"], record["student"])
            except MissingEntry:  # not synced yet: nothing graded by hand
                merged.append(_merge(record, {}))
                continue
            grades = {grade.name: grade for notebook in submission.notebooks for grade in notebook.grades}
            comments = {c.name: c.comment for notebook in submission.notebooks for c in notebook.comments}
            merged.append(_merge(record, grades, comments))
    finally:
        gradebook.close()
    return merged


def _merge(record: dict, grades: dict, comments: dict | None = None) -> dict:
    tests = []
    for test in record["tests"]:
        grade = grades.get(test["name"])
        if grade is not None and grade.manual_score is not None:
            score = min(max(grade.manual_score, 0.0), test["max_score"])
            test = {**test, "score": score, "status": "passed" if score >= test["max_score"] else "failed"}
        tests.append(test)
    manual, pending = [], []
    for cell in record.get("manual", []):
        grade = grades.get(cell["name"])
        score = grade.manual_score if grade is not None else None
        comment = (comments or {}).get(cell["name"])
        manual.append({**cell, "score": score, **({"comment": comment} if comment else {})})
        if score is None:
            pending.append(cell["name"])
    extra = sum(grade.extra_credit or 0.0 for grade in grades.values())
    earned = sum(t["score"] for t in tests) + sum(m["score"] or 0.0 for m in manual) + extra
    merged = {
        **record,
        "tests": tests,
        "manual": manual,
        "manual_pending": pending,
        "max_score": record["max_score"] + sum(m["max_score"] for m in manual),
    }
    late = record.get("late")
    if late and "penalty" in late:
        before = late["score_before_penalty"]
        fraction = late.get("fraction", late["penalty"] / before if before else 0.0)  # records before "fraction"
        penalty = round(earned * fraction, 6)
        merged["late"] = {**late, "penalty": penalty, "score_before_penalty": round(earned, 6)}
        earned -= penalty
    merged["score"] = round(earned, 6)
    return merged

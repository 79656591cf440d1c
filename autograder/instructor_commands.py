"""The instructor's commands around grading: `release`, `feedback`, `export` and `bundle`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.course.labs import Lab

# Each command imports what it runs, so `autograder --help` stays quick (release loads nbformat, record the engine).


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register the instructor's commands on the `autograder` parser."""
    p = subparsers.add_parser("release", help="regenerate labs/ from solutions/ (all labs, or the ones named)")
    p.add_argument("labs", nargs="*", metavar="LAB", help="lab folder names under solutions/ (default: all)")
    p.add_argument("--course", metavar="DIR", help="the course root (default: the current folder)")
    p.set_defaults(run=run_release)

    p = subparsers.add_parser("feedback", help="write one HTML feedback page per student from grading results")
    p.add_argument("lab", metavar="LAB")
    p.add_argument("--results", metavar="DIR", required=True, help="the folder `autograder grade --out` wrote")
    p.add_argument("--out", metavar="DIR", required=True, help="where to write <student>.html")
    p.add_argument("--submissions", metavar="PATH", nargs="*", default=[], help="show each student's answers too")
    p.add_argument(
        "--gradebook",
        metavar="PATH",
        help="nbgrader's gradebook.db: add the scores and comments given by hand in formgrader",
    )
    p.add_argument("--course", metavar="DIR", help="the course root (default: found from the current folder)")
    p.set_defaults(run=run_feedback)

    p = subparsers.add_parser(
        "export", help="export grades: a CSV gradebook, Canvas import, Gradescope results, nbgrader's gradebook"
    )
    p.add_argument("--format", choices=("csv", "canvas", "gradescope", "nbgrader"), required=True)
    p.add_argument("--results", metavar="DIR", nargs="+", required=True, help="one or more grading result folders")
    p.add_argument("--out", metavar="PATH", help="output file (csv, canvas) or folder (gradescope)")
    p.add_argument("--roster", metavar="CSV", help="canvas: the gradebook CSV exported from Canvas, to fill in")
    p.add_argument(
        "--gradebook",
        metavar="PATH",
        help="nbgrader: the gradebook.db to sync (default: the course's); csv, canvas, gradescope: add the scores "
        "given by hand in it",
    )
    p.add_argument(
        "--submissions",
        metavar="PATH",
        nargs="*",
        help="nbgrader: the submissions, copied to autograded/ for formgrader (default: the course's submitted/)",
    )
    p.add_argument("--course", metavar="DIR", help="nbgrader: the course root (default: found from the current folder)")
    p.set_defaults(run=run_export)

    p = subparsers.add_parser(
        "bundle",
        help="package the course: for students (--student) or as a Gradescope autograder (LAB --gradescope)",
    )
    p.add_argument("lab", nargs="?", metavar="LAB", help="the lab to grade on Gradescope (with --gradescope)")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--student", action="store_true", help="the learners' zip: no solutions, no hidden tests")
    kind.add_argument("--gradescope", action="store_true", help="a Gradescope autograder zip for LAB")
    p.add_argument("--out", metavar="FILE", help="the zip to write (default: under dist/)")
    p.add_argument("--course", metavar="DIR", help="the course root (default: the current folder)")
    p.set_defaults(run=run_bundle)


def write_readable(path: Path, text: str) -> None:
    """Write ``path`` atomically, with the mode a file the user creates gets (0644 under the usual umask), so
    feedback and exports can be shared with the group; the atomic write alone would leave it 0600."""
    from autograder.grading.record import write_atomic

    write_atomic(path, text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _fail(message: str) -> int:
    print(f"autograder: error: {message}", file=sys.stderr)
    return 2


def run_release(args: argparse.Namespace) -> int:
    from autograder.instructor.release import ReleaseError, release

    root = Path(args.course or ".").resolve()
    try:
        released = release(root, args.labs or None)
    except ReleaseError as error:
        return _fail(f"{error}\nNothing was written to labs/.")
    if not released:
        return _fail(f"no labs under {root / 'solutions'}; run from the course root or pass --course DIR")
    for lab in released:
        print(f"released {lab.lab}: {len(lab.files)} file(s) in labs/{lab.lab}/")
    return 0


def _records(folders: list[str], lab: str | None = None) -> list[dict]:
    from autograder.grading.record import load_records

    records = []
    for folder in folders:
        found, problems = load_records(Path(folder))
        for problem in problems:
            print(f"autograder: warning: skipped {Path(folder) / problem}", file=sys.stderr)
        records += [r for r in found if lab is None or r["lab"] == lab]
    return records


def _answers(lab: Lab, submissions: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each student's answer cells (solution cells of the instructor's notebook), by student id."""
    from autograder.course.labs import find_submissions
    from autograder.course.notebook import Unreadable, read_notebook

    answer_ids = {cell.grade_id for cell in read_notebook(lab.source) if cell.solution and cell.grade_id}
    answers = {}
    for submission in find_submissions(lab, submissions):
        if submission.path is None:
            continue
        try:
            cells = read_notebook(submission.path)
        except Unreadable:
            continue
        answers[submission.student] = [(c.grade_id, c.source) for c in cells if c.grade_id in answer_ids]
    return answers


def run_feedback(args: argparse.Namespace) -> int:
    from autograder.course.labs import CourseError, find_root, load_lab
    from autograder.instructor.feedback import feedback_html
    from autograder.instructor.nbgrader_sync import GradebookError, with_manual_grades
    from autograder.instructor.rubrics import rubrics

    try:
        records = _records([args.results], args.lab)
        try:
            lab: Lab | None = load_lab(find_root(args.course), args.lab)
        except (CourseError, FileNotFoundError) as error:
            if args.submissions:
                raise  # the answers cannot be matched to the lab's cells without the lab
            print(f"autograder: warning: feedback without rubrics: {error}", file=sys.stderr)
            lab = None
        answers = _answers(lab, args.submissions) if lab is not None and args.submissions else {}
        if records and args.gradebook:
            records = with_manual_grades(records, Path(args.gradebook))
    except (FileNotFoundError, CourseError, GradebookError) as error:
        return _fail(str(error))
    if not records:
        return _fail(f"no result records for {args.lab} in {args.results}")
    parts = rubrics(lab.cells) if lab is not None else {}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for record in records:
        page = feedback_html(record, answers.get(record["student"]), parts)
        write_readable(out / f"{record['student']}.html", page)
    print(f"wrote feedback for {len(records)} student(s) to {out}/")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from autograder.course.labs import CourseError
    from autograder.instructor.exports import RosterError, canvas_csv, gradebook_csv, write_gradescope
    from autograder.instructor.nbgrader_sync import GradebookError, with_manual_grades

    try:
        records = _records(args.results)
        if not records:
            return _fail("no result records to export")
        if args.format == "nbgrader":
            return _export_nbgrader(records, args)
        if args.gradebook:
            records = with_manual_grades(records, Path(args.gradebook))
    except (FileNotFoundError, CourseError, GradebookError) as error:
        return _fail(str(error))
    if args.format == "gradescope":
        written = write_gradescope(records, Path(args.out or "gradescope"))
        print(f"wrote {len(written)} Gradescope results.json file(s) under {args.out or 'gradescope'}/")
        return 0
    if args.format == "canvas":
        if not args.roster:
            return _fail("--format canvas needs --roster: export the gradebook from Canvas (Grades → Export)")
        try:
            text, warnings = canvas_csv(records, Path(args.roster).read_text(encoding="utf-8-sig"))
        except (OSError, RosterError) as error:
            return _fail(str(error))
        for warning in warnings:
            print(f"autograder: warning: {warning}", file=sys.stderr)
        target = Path(args.out or "canvas-import.csv")
    else:
        text, target = gradebook_csv(records), Path(args.out or "gradebook.csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_readable(target, text)
    print(f"wrote {target} ({len(records)} record(s))")
    return 0


def _export_nbgrader(records: list[dict], args: argparse.Namespace) -> int:
    from autograder.course.labs import find_root, find_submissions, load_lab
    from autograder.instructor.nbgrader_sync import sync

    root = find_root(args.course)
    labs = {name: load_lab(root, name) for name in sorted({r["lab"] for r in records})}
    paths = args.submissions if args.submissions is not None else [str(root / "submitted")]
    notebooks = {}
    for lab in labs.values():
        present = [path for path in paths if Path(path).exists()]
        for submission in find_submissions(lab, present) if present else []:
            if submission.path is not None:
                notebooks[(submission.student, lab.name)] = submission.path
    gradebook = Path(args.gradebook) if args.gradebook else root / "gradebook.db"
    written = sync(records, labs, gradebook, root, notebooks)
    print(f"synced {len(records)} record(s) into {gradebook}; {written} notebook(s) under {root / 'autograded'}/")
    if written < len(records):
        print(
            f"autograder: warning: {len(records) - written} submission(s) without a notebook to show in formgrader; "
            "pass --submissions PATH",
            file=sys.stderr,
        )
    return 0


def run_bundle(args: argparse.Namespace) -> int:
    from autograder.course.labs import CourseError
    from autograder.instructor.bundle import BundleError, student_bundle
    from autograder.instructor.gradescope import build_bundle

    root = Path(args.course or ".").resolve()
    if args.gradescope:
        if not args.lab:
            return _fail("--gradescope needs the LAB to grade, e.g. `autograder bundle lab01_foundations --gradescope`")
        try:
            out, count = build_bundle(root, args.lab, Path(args.out or f"dist/{args.lab}-gradescope.zip"))
        except (FileNotFoundError, ValueError, CourseError) as error:
            return _fail(str(error))
        print(f"wrote {out} ({count} course files): upload it as the assignment's autograder on Gradescope")
        return 0
    if args.lab:
        return _fail("the student bundle holds every lab: drop LAB, or use --gradescope")
    try:
        out, count = student_bundle(root, Path(args.out or "dist/bedrock-course-student.zip"))
    except BundleError as error:
        return _fail(f"{error}\nNo bundle was written.")
    print(f"wrote {out} ({count} files): unzip it, then `make lab` or `make test` inside")
    return 0

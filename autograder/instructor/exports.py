"""Grade exports from result records: a plain CSV gradebook, Canvas's gradebook import, Gradescope results.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from autograder.course.late import describe_late
from autograder.grading.record import describe_pending

GRADESCOPE_VISIBILITY = ("hidden", "after_due_date", "after_published", "visible")
CANVAS_IDENTITY_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_MATCH_COLUMNS = ("SIS Login ID", "SIS User ID", "ID", "Student")


def _points(value: float) -> str:
    return f"{value:g}"


def gradebook_csv(records: list[dict]) -> str:
    """A row per student, a column per lab (its score), then total, points possible, late penalties, review notes."""
    labs = sorted({r["lab"] for r in records})
    by_student: dict[str, dict[str, dict]] = {}
    for record in records:
        by_student.setdefault(record["student"], {})[record["lab"]] = record
    possible = {lab: max(r["max_score"] for r in records if r["lab"] == lab) for lab in labs}
    total_possible = _points(sum(possible.values()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *labs, "total", "possible", "late", "needs_review"])
    writer.writerow(["(points possible)", *(_points(possible[lab]) for lab in labs), total_possible, "", "", ""])
    for student, graded in sorted(by_student.items()):
        scores = [_points(graded[lab]["score"]) if lab in graded else "" for lab in labs]
        total = _points(sum(r["score"] for r in graded.values()))
        late = " | ".join(f"{lab}: {note}" for lab, r in sorted(graded.items()) if (note := describe_late(r)))
        writer.writerow([student, *scores, total, total_possible, late, _needs_review(graded)])
    return out.getvalue()


def _needs_review(graded: dict[str, dict]) -> str:
    notes = []
    for lab, record in sorted(graded.items()):
        if record["status"] != "graded":
            reasons = "; ".join(record.get("reasons", [])) or "no reason given"
            notes.append(f"{lab}: {record['status']} ({reasons})")
        pending = describe_pending(record)
        if pending:
            notes.append(f"{lab}: not yet graded by hand: {pending}")
    return " | ".join(notes)


def gradescope_results(record: dict) -> dict:
    """A Gradescope autograder results.json for one record (score, execution_time, output, tests)."""
    pending = describe_pending(record)
    pending = f"Not yet graded by hand (not in the score): {pending}." if pending else ""
    reasons = [*record.get("reasons", []), describe_late(record), pending]
    reasons = [reason for reason in reasons if reason]
    tests = []
    for test in record["tests"]:
        visibility = test.get("visibility", "visible")
        tests.append(
            {
                "name": test["name"],
                "score": test["score"],
                "max_score": test["max_score"],
                "status": "passed" if test["status"] == "passed" else "failed",
                # A hidden test's output holds only its visible part's output and the author's hint (see record).
                "output": test.get("output", ""),
                "visibility": visibility if visibility in GRADESCOPE_VISIBILITY else "visible",
            }
        )
    return {
        "score": record["score"],
        "execution_time": round(float(record.get("execution_time", 0.0)), 3),
        "output": "\n".join(reasons) if reasons else f"{record['lab']}: {record['status']}",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


class RosterError(ValueError):
    """The Canvas gradebook export given as a roster cannot be used; the message says why."""


def canvas_csv(records: list[dict], roster_csv: str) -> tuple[str, list[str]]:
    """Fill a Canvas gradebook export (``roster_csv``) with the records' scores, ready for Canvas's import.

    Students are matched on SIS Login ID, then SIS User ID, ID and name. A lab goes into the column whose title
    starts with the lab's name (Canvas titles columns "Name (id)"); a lab with no column gets a new one, which
    Canvas creates as an assignment on import. Returns the CSV and one warning per record that matched nobody.
    """
    rows = list(csv.reader(io.StringIO(roster_csv)))
    if not rows or not set(CANVAS_IDENTITY_COLUMNS[:2]) <= set(rows[0]):
        raise RosterError("the roster is not a Canvas gradebook export: its header lacks 'Student' and 'ID'")
    header = rows[0]
    labs = sorted({r["lab"] for r in records})
    columns = {}
    for lab in labs:
        existing = [i for i, title in enumerate(header) if title == lab or title.startswith(f"{lab} (")]
        if existing:
            columns[lab] = existing[0]
        else:
            header.append(lab)
            columns[lab] = len(header) - 1
    width = len(header)
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    match_columns = [header.index(c) for c in CANVAS_MATCH_COLUMNS if c in header]
    index: dict[str, int] = {}
    for position, row in enumerate(body):
        if row and row[0].strip() == "Points Possible":
            for lab in labs:
                if not row[columns[lab]]:
                    row[columns[lab]] = _points(max(r["max_score"] for r in records if r["lab"] == lab))
            continue
        for column in match_columns:
            if row[column]:
                index.setdefault(row[column].strip(), position)
    warnings = []
    for record in records:
        position = index.get(record["student"])
        if position is None:
            warnings.append(f"{record['student']} ({record['lab']}): no student with this id in the roster")
            continue
        body[position][columns[record["lab"]]] = _points(record["score"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue(), warnings


def write_gradescope(records: list[dict], out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<student>/<lab>/results.json`` for every record (records checked by load_records)."""
    written = []
    for record in records:
        path = out_dir / record["student"] / record["lab"] / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(gradescope_results(record), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written

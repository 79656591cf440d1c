"""The result record (a contract, see docs/grader.md) and the files it lives in.

One JSON file per submission, a superset of Gradescope's results.json, written atomically (temporary file, fsync,
rename), so a reader or a killed grader never sees half a record. ``grades.csv`` is rebuilt from the records.
``load_records`` reads a results folder back for feedback and exports, checking each record against the contract.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from autograder import __version__
from autograder.grading.execute import GradedTest, Outcome
from autograder.grading.restore import Plan

STATUSES = ("graded", "flagged", "rejected")


def test_entry(result: GradedTest) -> dict:
    if result.passed and result.partial is not None:
        score = min(max(result.partial, 0.0), result.points)
    else:
        score = result.points if result.passed else 0.0
    status = "passed" if result.passed and score >= result.points else "failed"
    # The output holds only what the visible part of a test printed (execute never keeps a hidden part's output,
    # which could quote its source), then, on a failure, the author's hints.
    output = result.output
    if status == "failed" and result.hints:
        output += ("\n" if output and not output.endswith("\n") else "") + "".join(f"hint: {h}\n" for h in result.hints)
    return {
        "name": result.name,
        "score": score,
        "max_score": result.points,
        "status": status,
        "output": output,
        "visibility": "hidden" if result.hidden else "visible",
        **({"blocked_by": result.blocked_by} if result.blocked_by else {}),
    }


def build(
    student: str,
    lab: str,
    plan: Plan | None,
    outcome: Outcome | None,
    *,
    execution_time: float,
    hashes: dict,
    sandbox: str,
    rejected: str = "",
) -> dict:
    tests = [test_entry(result) for result in outcome.results] if outcome else []
    reasons = [rejected] if rejected else list(outcome.reasons if outcome else [])
    status = "rejected" if rejected else ("flagged" if reasons else "graded")
    return {
        "student": student,
        "lab": lab,
        "score": round(sum(t["score"] for t in tests), 6),
        "max_score": plan.max_score if plan else 0.0,
        "status": status,
        "reasons": reasons,
        "tests": tests,
        "manual": [{"name": name, "max_score": points} for name, points in (plan.manual if plan else [])],
        "notes": list(outcome.notes) if outcome else [],
        "execution_time": round(execution_time, 3),
        "sandbox": sandbox,
        "first_error": outcome.first_error if outcome else None,
        "grader_version": __version__,
        **hashes,
    }


def write_atomic(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    # The rename itself must reach the disk too, or a power cut could bring back the old record.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def record_path(out: Path, student: str) -> Path:
    return out / f"{student}.json"


def load(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_current(out: Path, student: str, hashes: dict) -> bool:
    """True when a complete record for exactly this submission and this lab source already exists."""
    existing = load(record_path(out, student))
    return existing is not None and all(existing.get(k) == v for k, v in hashes.items())


def save(out: Path, record: dict) -> None:
    write_atomic(record_path(out, record["student"]), json.dumps(record, indent=1, sort_keys=True) + "\n")


def pending_manual(record: dict) -> list[dict]:
    """The parts graded by hand that have no score yet ({"name", "max_score"}): all of them until the scores given
    by hand are read from nbgrader's gradebook (``export --gradebook``)."""
    return [m for m in record.get("manual", []) if isinstance(m, dict) and m.get("score") is None]


def describe_pending(record: dict) -> str:
    """The hand-graded parts still to grade, e.g. "answer_reflection (2 points)", or ""."""
    return ", ".join(f"{m.get('name')} ({m.get('max_score', 0):g} points)" for m in pending_manual(record))


def write_grades_csv(out: Path, lab: str) -> Path:
    """grades.csv from every record of ``lab`` in ``out`` (so a resumed batch lists everyone)."""
    rows = []
    for path in sorted(out.glob("*.json")):
        record = load(path)
        if record and record.get("lab") == lab and record.get("status") in STATUSES:
            rows.append(record)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "lab", "score", "max_score", "status", "reasons", "needs_review"])
    for r in rows:
        pending = describe_pending(r)
        review = f"to grade by hand: {pending}" if pending else ""
        writer.writerow(
            [r["student"], r["lab"], r["score"], r["max_score"], r["status"], "; ".join(r["reasons"]), review]
        )
    target = out / "grades.csv"
    write_atomic(target, buffer.getvalue())
    return target


REQUIRED = {"student": str, "lab": str, "score": (int, float), "max_score": (int, float), "status": str, "tests": list}
TEST_REQUIRED = {"name": str, "score": (int, float), "max_score": (int, float), "status": str}


class BadRecord(ValueError):
    """A file in a results folder that is not a valid result record; the message says which and why."""


def check_record(record: object, source: str) -> dict:
    """Return ``record`` if it follows the result-record contract, else raise BadRecord naming ``source``."""
    if not isinstance(record, dict):
        raise BadRecord(f"{source}: a result record is a JSON object")
    for key, kind in REQUIRED.items():
        if not isinstance(record.get(key), kind):
            raise BadRecord(f"{source}: '{key}' is missing or of the wrong type")
    for key in ("student", "lab"):
        name = record[key]
        if not name or name.startswith(".") or "/" in name or "\\" in name:
            raise BadRecord(f"{source}: {key} {name!r} is not a plain name")
    if record["status"] not in STATUSES:
        raise BadRecord(f"{source}: status {record['status']!r} is not one of {', '.join(STATUSES)}")
    for index, test in enumerate(record["tests"]):
        for key, kind in TEST_REQUIRED.items():
            if not isinstance(test, dict) or not isinstance(test.get(key), kind):
                raise BadRecord(f"{source}: tests[{index}].{key} is missing or of the wrong type")
    return record


def load_records(results_dir: Path) -> tuple[list[dict], list[str]]:
    """Load every ``*.json`` record in ``results_dir``; return the records (by student) and one problem per bad file.

    A bad file never hides the others: it is reported and skipped.
    """
    if not results_dir.is_dir():
        raise FileNotFoundError(f"no results folder at {results_dir}; run `autograder grade ... --out {results_dir}`")
    records, problems = [], []
    for path in sorted(results_dir.glob("*.json")):
        try:
            records.append(check_record(json.loads(path.read_text(encoding="utf-8")), path.name))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: not readable JSON ({error})")
        except BadRecord as error:
            problems.append(str(error))
    return sorted(records, key=lambda r: (r["student"], r["lab"])), problems

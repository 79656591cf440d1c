"""Reading result records (the contract in docs/grader.md): one JSON file per graded submission."""

from __future__ import annotations

import json
from pathlib import Path

REQUIRED = {"student": str, "lab": str, "score": (int, float), "max_score": (int, float), "status": str, "tests": list}
STATUSES = ("graded", "flagged", "rejected")
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

"""Due dates and late penalties from the course configuration (`course.toml` at the course root).

```toml
[late]
per_day = 0.10        # fraction of the earned score taken per started day late
max = 0.50            # never more than this fraction
grace_minutes = 15    # submissions this close after the deadline count as on time

[labs.lab01_foundations]
due = 2026-12-01T23:59:00Z
```

The submission time comes from the instructor's side, never from a file the student wrote (nbgrader's
`timestamp.txt` travels with the submission, so a student can forge it): a time given in `--submitted-at CSV`
(`student,submitted_at` rows, e.g. from the LMS or the exchange's listing), else the notebook file's modification time
as the grader finds it, i.e. what the collection step made it. Without either, no penalty is applied and the record
says so.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from autograder.course.config import ConfigError, read_config


@dataclass(frozen=True)
class LatePolicy:
    per_day: float = 0.0
    max: float = 1.0
    grace: timedelta = timedelta(0)
    due: dict[str, datetime] = field(default_factory=dict)


def _aware(value: object, where: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return _aware(datetime.fromisoformat(value), where)
        except ValueError:
            pass
    raise ConfigError(f"{where} must be a date and time such as 2026-12-01T23:59:00Z, not {value!r}")


def _fraction(table: dict, key: str, default: float) -> float:
    value = table.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ConfigError(f"[late] {key} must be a number from 0 to 1, not {value!r}")
    return float(value)


def load_policy(course_root: Path) -> LatePolicy:
    """The late policy in ``course_root``/course.toml (no file: no due dates, no penalties)."""
    config = read_config(course_root)
    late = config.get("late", {})
    grace = late.get("grace_minutes", 0)
    if not isinstance(grace, int | float) or isinstance(grace, bool) or grace < 0:
        raise ConfigError(f"[late] grace_minutes must be a number of minutes, not {grace!r}")
    due = {
        lab: _aware(settings.get("due"), f"[labs.{lab}] due")
        for lab, settings in config.get("labs", {}).items()
        if isinstance(settings, dict) and "due" in settings
    }
    return LatePolicy(_fraction(late, "per_day", 0.0), _fraction(late, "max", 1.0), timedelta(minutes=grace), due)


def parse_time(text: str) -> datetime | None:
    """A time such as "2026-12-02 10:00:00.123456 UTC" or "2026-12-02T10:00:00Z" (UTC when no zone is given)."""
    text = text.strip().removesuffix(" UTC").removesuffix("Z")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def read_submission_times(path: Path) -> dict[str, datetime]:
    """The instructor's ``student,submitted_at`` CSV (a header row is optional); ConfigError names a bad row."""
    times: dict[str, datetime] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or (number == 1 and row[0].strip().lower() == "student"):
                continue
            stamp = parse_time(row[1]) if len(row) >= 2 else None
            if stamp is None:
                raise ConfigError(f"{path}, row {number}: expected student,submitted_at with a date and time")
            times[row[0].strip()] = stamp
    return times


def collection_time(notebook: Path) -> datetime | None:
    """The notebook's modification time as the grader finds it (not following a symlink), in UTC."""
    try:
        return datetime.fromtimestamp(os.lstat(notebook).st_mtime, UTC)
    except OSError:
        return None


def apply_late_penalty(record: dict, policy: LatePolicy, submitted_at: datetime | None) -> dict:
    """Return ``record`` with the lab's late penalty applied to its score and a ``late`` entry explaining it."""
    due = policy.due.get(record["lab"])
    if due is None:
        return record
    if submitted_at is None:
        return {**record, "late": {"due": due.isoformat(), "note": "no submission time known: no penalty applied"}}
    overdue = submitted_at - due
    days = math.ceil((overdue - policy.grace) / timedelta(days=1)) if overdue > policy.grace else 0
    fraction = min(policy.per_day * days, policy.max)
    penalty = round(record["score"] * fraction, 6)
    late = {
        "due": due.isoformat(),
        "submitted_at": submitted_at.isoformat(),
        "days_late": days,
        "penalty": penalty,
        "fraction": fraction,
        "score_before_penalty": record["score"],
    }
    return {**record, "score": round(record["score"] - penalty, 6), "late": late}


def describe_late(record: dict) -> str:
    """One line for people: how late the submission was and what it cost, or "" when it was on time."""
    late = record.get("late")
    if not late:
        return ""
    if "note" in late:
        return late["note"]
    if not late["days_late"]:
        return ""
    return f"{late['days_late']} day(s) late: -{late['penalty']:g} of {late['score_before_penalty']:g} points"

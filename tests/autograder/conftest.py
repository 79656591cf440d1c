"""Fixtures for the grader's tests: one graded batch of every fixture submission.

The batch is graded once per test run and shared by every test that reads it (``once_per_run``: under pytest-xdist
the first worker grades it and the others wait for its results), because grading is the slow part.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from grader_helpers import COURSE, FAST_LIMITS, LAB, Listener, run_grader, submissions


@pytest.fixture(scope="session")
def batch(once_per_run) -> dict:
    """Every fixture submission graded in one batch: {"records": {student: record}, "out": Path, ...}."""

    def grade(folder: Path) -> None:
        listener = Listener()
        out = folder / "results"
        marker = f"LATE-WRITER-{uuid.uuid4().hex}"
        submissions.write_all(folder / "submitted", listener.port, marker)
        started = time.time()
        result = run_grader(
            "grade", LAB, str(folder / "submitted"), "--course", str(COURSE), "--out", str(out), *FAST_LIMITS
        )
        info = {
            "out": str(out),
            "finished": time.time(),
            "elapsed": time.time() - started,
            "stdout": result.stdout,
            "stderr": result.stderr,
            "network_connections": listener.connections,
            "late_writer_marker": marker,
            "records_at_end": {p.name: p.read_text() for p in out.iterdir()},
        }
        (folder / "batch.json").write_text(json.dumps(info))

    info = json.loads((once_per_run("grader-batch", grade) / "batch.json").read_text())
    at_end = info["records_at_end"]
    info["records"] = {name[: -len(".json")]: json.loads(at_end[name]) for name in at_end if name.endswith(".json")}
    info["out"] = Path(info["out"])
    return info


@pytest.fixture
def records(batch) -> dict:
    return batch["records"]

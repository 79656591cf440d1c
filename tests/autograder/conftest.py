"""Fixtures for the grader's tests: one graded batch of every fixture submission.

The batch is graded once per test session and shared by every test that reads it (under pytest-xdist the first
worker grades it and the others wait for its results), because grading is the slow part.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from grader_helpers import COURSE, FAST_LIMITS, LAB, Listener, exclusive, run_grader, submissions


@pytest.fixture(scope="session")
def batch(tmp_path_factory, worker_id) -> dict:
    """Every fixture submission graded in one batch: {"records": {student: record}, "out": Path, ...}."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    done_file = shared / "grader-batch.json"
    with exclusive(shared / "grader-batch.lock"):
        if not done_file.exists():
            listener = Listener()
            folder = shared / "grader-submissions"
            out = shared / "grader-results"
            marker = f"LATE-WRITER-{uuid.uuid4().hex}"
            submissions.write_all(folder, listener.port, marker)
            started = time.time()
            result = run_grader("grade", LAB, str(folder), "--course", str(COURSE), "--out", str(out), *FAST_LIMITS)
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
            done_file.write_text(json.dumps(info))
    info = json.loads(done_file.read_text())
    out = Path(info["out"])
    at_end = info["records_at_end"]
    info["records"] = {name[: -len(".json")]: json.loads(at_end[name]) for name in at_end if name.endswith(".json")}
    info["out"] = out
    return info


@pytest.fixture
def records(batch) -> dict:
    return batch["records"]

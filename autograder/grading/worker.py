"""A grading worker process: grades the submissions the batch sends it, one at a time, and answers with records.

Run as ``python -m autograder.grading.worker``; speaks JSON lines: first the batch settings, then one job per line, each
answered by one result record. It dies with the batch process (so a killed grader leaves no workers behind), and it
adopts orphaned processes so none outlives its submission.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from autograder.course.notebook import Cell, Unreadable, read_notebook
from autograder.grading import record
from autograder.grading.execute import Executor
from autograder.grading.restore import restore
from autograder.grading.verifier import warm_targets
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.limits import Layout, Limits
from autograder.sandbox.processes import become_subreaper, die_with_parent


def grade_one(executor: Executor, instructor, job: dict, sandbox_mode: str) -> dict:
    started = time.monotonic()
    hashes = job["hashes"]
    common = {"hashes": hashes, "sandbox": sandbox_mode}
    if not job.get("path"):
        return record.build(job["student"], job["lab"], None, None, execution_time=0, rejected=job["problem"], **common)
    try:
        cells = read_notebook(Path(job["path"]))
    except Unreadable as error:
        return record.build(
            job["student"], job["lab"], None, None, execution_time=0, rejected=f"unreadable notebook: {error}", **common
        )
    plan = restore(instructor, cells)
    outcome = executor.run(plan)
    elapsed = time.monotonic() - started
    result = record.build(job["student"], job["lab"], plan, outcome, execution_time=elapsed, **common)
    if job.get("gate") and outcome.kept:  # the reference's values, for the batch to keep once it has passed
        result["kept"] = outcome.kept
    return result


def lab_prelude(instructor: list[Cell]) -> tuple[tuple[str, str], ...]:
    """The lab's leading read-only cells (name, source), as the plan names them: what a fork server of test
    processes can run once for the whole batch (see execute.ForkServer)."""
    prelude = []
    for step in restore(instructor, instructor).steps:
        if step.kind != "readonly":
            break
        prelude.append((step.name, step.source))
    return tuple(prelude)


def main() -> None:
    die_with_parent()
    become_subreaper()
    protocol = sys.stdout
    sys.stdout = sys.stderr  # nothing but records may reach the batch process's pipe
    settings = json.loads(sys.stdin.readline())
    layout = settings["layout"]
    layout = Layout(
        layout["lab"], *(tuple(map(tuple, layout[key])) for key in ("data_files", "shared", "private_files"))
    )
    sandbox = Sandbox(settings["sandbox"], Limits(**settings["limits"]), settings.get("python"), layout)
    instructor = [Cell(**cell) for cell in settings["instructor"]]
    warm_modules = warm_targets(cell.source for cell in instructor if cell.cell_type == "code")
    executor = Executor(sandbox, tuple(warm_modules), lab_prelude(instructor), settings.get("kept_dir"))
    try:
        executor.warm()
        for line in sys.stdin:
            job = json.loads(line)
            result = grade_one(executor, instructor, job, settings["sandbox"])
            protocol.write(json.dumps(result) + "\n")
            protocol.flush()
            executor.warm()
    finally:
        executor.close()


if __name__ == "__main__":
    main()

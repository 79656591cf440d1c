"""Grade a batch: skip what is already current, fan the rest out to worker processes, save each record as it lands.

The batch process never runs submission code. Each worker is a separate process; if one dies (whatever killed it),
the submission it held gets a flagged record and a fresh worker takes the remaining jobs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.labs import Lab, Submission, file_sha256
from autograder.course.late import LatePolicy, apply_late_penalty, collection_time
from autograder.grading import kept, record
from autograder.sandbox.limits import Limits

WORKER_DIED = "the grading process stopped while grading this submission (its code may have killed it); no credit given"


# Submissions graded at once per CPU: a submission's kernel waits for part of its time (its lab's lifecycle polls,
# sleeps, bridge round trips, the test process), and a second one per CPU fills those waits. Lab 4 (knowledge bases
# ingested and polled): 40 submissions 378.6 s with one per CPU, 267.1 s with two (docs/grader.md).
SUBMISSIONS_PER_CPU = 2
# Memory one busy worker holds at its peak: the worker, its fork server, the kernel and the one made ready for the
# next submission, the test process (lab 4's builds reference knowledge bases), rounded up.
WORKER_MEMORY_MB = 1024


def default_workers() -> int:
    """Workers for a batch on this machine: two per CPU it may use, as many as its available memory holds."""
    return workers_for(usable_cpus(), _available_memory_mb())


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity (``taskset``, a container's cpuset), not the host's count,
    where the system tells it (Linux); ``os.cpu_count()`` elsewhere."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers_for(cpus: int, available_mb: int | None) -> int:
    """``SUBMISSIONS_PER_CPU`` per CPU, at most one per ``WORKER_MEMORY_MB`` of ``available_mb`` (when known)."""
    by_memory = available_mb // WORKER_MEMORY_MB if available_mb is not None else cpus
    return max(1, min(SUBMISSIONS_PER_CPU * cpus, by_memory))


def _available_memory_mb() -> int | None:
    try:
        import psutil  # installed with ipykernel
    except ImportError:
        return None
    return int(psutil.virtual_memory().available // 2**20)


@dataclass
class Gate:
    """A submission graded first, in the batch's own workers, whose record decides whether the batch goes on:
    ``accept`` raises to stop it. Other submissions are graded meanwhile, but their records are saved only once it
    has passed, and never if it fails (see autograder.instructor.preflight)."""

    submission: Submission
    accept: Callable[[dict], None]


@dataclass
class Summary:
    graded: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class Progress:
    """A bar on a terminal, one plain line per submission otherwise (both on stderr)."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.lock = threading.Lock()

    def update(self, result: dict) -> None:
        with self.lock:
            self.done += 1
            line = f"{result['student']}: {result['status']} {result['score']:g}/{result['max_score']:g}"
            if self.tty:
                width = 30
                filled = width * self.done // max(self.total, 1)
                bar = "#" * filled + "." * (width - filled)
                self.stream.write(f"\r[{bar}] {self.done}/{self.total} {line[:60]:<60}")
                if self.done == self.total:
                    self.stream.write("\n")
            else:
                self.stream.write(f"[{self.done}/{self.total}] {line}\n")
            self.stream.flush()


class WorkerProcess:
    def __init__(self, settings: dict) -> None:
        debug = bool(os.environ.get("AUTOGRADER_DEBUG"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.grading.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        )
        self.send(settings)

    def send(self, message: dict) -> None:
        with contextlib.suppress(OSError):  # a worker that died shows as no answer
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def stop(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def run_batch(
    lab: Lab,
    submissions: list[Submission],
    out: Path,
    *,
    workers: int,
    force: bool,
    limits: Limits,
    sandbox: str,
    python: str | None = None,
    progress: Progress | None = None,
    late_policy: LatePolicy | None = None,
    submitted_at: dict | None = None,
    gate: Gate | None = None,
    kept_dir: Path | None = None,
) -> Summary:
    """Grade ``submissions``; ``submitted_at`` (student -> time) overrides each notebook's collection time. With a
    ``gate``, raises what its ``accept`` raised, and then no record is saved. ``kept_dir`` holds the values
    the reference's grading kept (autograder.grading.kept): the submissions' test processes read them, and the gate's
    are written there once it has passed."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # left by a grader killed in the middle of a write
        stale.unlink(missing_ok=True)
    summary = Summary()
    jobs: deque[dict] = deque()
    max_score = lab.max_score
    late_policy = late_policy or LatePolicy()
    due = late_policy.due.get(lab.name)
    for submission in submissions:
        hashes = {"submission_sha256": file_sha256(submission.path), "lab_sha256": lab.sha256}
        if due is not None:  # a changed deadline or penalty makes old records stale
            hashes["late_policy"] = f"{due.isoformat()} {late_policy.per_day} {late_policy.max} {late_policy.grace}"
        if not force and record.is_current(out, submission.student, hashes):
            summary.skipped.append(submission.student)
            continue
        jobs.append(
            {
                "student": submission.student,
                "lab": lab.name,
                "path": str(submission.path) if submission.path else "",
                "problem": submission.problem,
                "hashes": hashes,
            }
        )
    progress = progress or Progress(len(jobs))
    if gate is not None:
        path = gate.submission.path
        hashes = {"submission_sha256": file_sha256(path), "lab_sha256": lab.sha256}
        reference = {"student": gate.submission.student, "lab": lab.name, "path": str(path or ""), "hashes": hashes}
        jobs.appendleft({**reference, "problem": gate.submission.problem, "gate": True})
    settings = {
        "sandbox": sandbox,
        "limits": dataclasses.asdict(limits),
        "python": python,
        "instructor": [dataclasses.asdict(cell) for cell in lab.cells],
        "layout": dataclasses.asdict(lab.layout()),
        "kept_dir": str(kept_dir) if kept_dir else None,
    }
    lock = threading.Lock()
    job_wall = limits.notebook_timeout + 120
    held: list[dict] | None = [] if gate is not None else None  # records graded before the gate passed
    failed: list[Exception] = []
    workers_running: list[WorkerProcess] = []

    def keep(result: dict) -> None:
        record.save(out, result)
        summary.graded.append(result)
        progress.update(result)

    def passed_gate(result: dict) -> None:
        nonlocal held
        computed = result.pop("kept", None)
        try:
            gate.accept(result)
            if kept_dir is not None and isinstance(computed, dict):
                with contextlib.suppress(OSError):  # nothing kept: each test process computes its values itself
                    kept.store(kept_dir, computed)
        except Exception as error:  # whatever the gate raises stops the batch and reaches the caller
            with lock:
                failed.append(error)
                for running in workers_running:  # their submissions' records would not be kept anyway
                    running.kill()
            return
        with lock:
            for waiting in held:
                keep(waiting)
            held = None

    def work() -> None:
        worker = None
        try:
            while True:
                with lock:
                    if not jobs or failed:
                        return
                    job = jobs.popleft()
                    if worker is None:
                        worker = WorkerProcess(settings)
                        workers_running.append(worker)
                worker.send(job)
                result = worker.receive(job_wall)
                if result is None:
                    worker.kill()
                    worker = None
                    result = record.build(
                        job["student"], lab.name, None, None, execution_time=0, hashes=job["hashes"], sandbox=sandbox
                    )
                    result.update(status="flagged", reasons=[WORKER_DIED], max_score=max_score)
                if job.get("gate"):
                    passed_gate(result)
                    continue
                result.pop("kept", None)  # only the gate's values are kept
                if job["path"]:
                    when = (submitted_at or {}).get(job["student"]) or collection_time(Path(job["path"]))
                    result = apply_late_penalty(result, late_policy, when)
                with lock:
                    if failed:
                        return
                    if held is not None:
                        held.append(result)
                    else:
                        keep(result)
        finally:
            if worker is not None:
                worker.stop()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)
    if failed:
        raise failed[0]
    record.write_grades_csv(out, lab.name)
    return summary

"""The ``autograder`` command."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from autograder import __version__
from autograder.instructor_commands import add_commands as add_instructor_commands

EXIT_OK = 0
EXIT_CANNOT_RUN = 2


def _add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    from autograder.sandbox.limits import Limits

    defaults = Limits()
    group = parser.add_argument_group("sandbox and limits")
    group.add_argument(
        "--sandbox",
        choices=["auto", "bwrap", "process"],
        default="auto",
        help="isolation: bubblewrap when installed (auto), required (bwrap), or degraded (process)",
    )
    group.add_argument(
        "--cell-timeout", type=float, default=defaults.cell_timeout, metavar="S", help="seconds per cell (%(default)s)"
    )
    group.add_argument(
        "--notebook-timeout",
        type=float,
        default=defaults.notebook_timeout,
        metavar="S",
        help="seconds per submission (%(default)s)",
    )
    group.add_argument(
        "--memory-mb", type=int, default=defaults.memory_mb, metavar="MB", help="address space per kernel (%(default)s)"
    )
    group.add_argument(
        "--processes", type=int, default=defaults.processes, metavar="N", help="processes and threads (%(default)s)"
    )
    group.add_argument(
        "--disk-mb", type=int, default=defaults.disk_mb, metavar="MB", help="working folder quota (%(default)s)"
    )
    group.add_argument(
        "--kernel-python",
        metavar="PATH",
        help="interpreter for student kernels (default: the grader's own; it needs ipykernel)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Grade nbgrader-format notebook labs: sandboxed, in parallel, with feedback and exports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    grade = commands.add_parser(
        "grade",
        help="grade submissions of a lab",
        description="Grade SUBMISSIONs of LAB: writes DIR/<student>.json and DIR/grades.csv. A SUBMISSION is a "
        "notebook, a folder of notebooks, a student folder or nbgrader's submitted/ folder. Submissions whose "
        "record is current are skipped unless --force.",
    )
    grade.add_argument("lab", metavar="LAB", help="a folder name under labs/, e.g. lab03_rag")
    grade.add_argument("submissions", metavar="SUBMISSION", nargs="+")
    grade.add_argument("--out", metavar="DIR", help="where records go (default: autograded/LAB in the course)")
    grade.add_argument("--workers", type=int, metavar="N", help="parallel submissions (default: one per CPU)")
    grade.add_argument("--force", action="store_true", help="regrade submissions whose record is current")
    grade.add_argument("--course", metavar="DIR", help="course root (default: $AUTOGRADER_COURSE_ROOT or cwd)")
    grade.add_argument(
        "--submitted-at",
        metavar="CSV",
        help="student,submitted_at rows: submission times for late penalties (default: each notebook's mtime)",
    )
    _add_sandbox_options(grade)
    grade.set_defaults(run=cmd_grade)

    check = commands.add_parser(
        "check",
        help="run a notebook's visible tests before submitting",
        description="Run NOTEBOOK's visible tests with the grading engine and print a summary.",
    )
    check.add_argument("notebook", metavar="NOTEBOOK")
    check.add_argument("--course", metavar="DIR", help="course root, to restore the lab's test cells")
    _add_sandbox_options(check)
    check.set_defaults(run=cmd_check)
    add_instructor_commands(commands)
    return parser


def _limits(args: argparse.Namespace):
    from autograder.sandbox.limits import Limits

    if args.cell_timeout <= 0 or args.notebook_timeout <= 0 or args.memory_mb < 64 or args.processes < 8:
        raise ValueError("limits must be positive (memory at least 64 MB, processes at least 8)")
    if args.disk_mb < 1:
        raise ValueError("--disk-mb must be at least 1")
    return Limits(
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        memory_mb=args.memory_mb,
        processes=args.processes,
        disk_mb=args.disk_mb,
    )


def _sandbox_mode(requested: str, limits, python: str | None) -> str:
    from autograder.sandbox.confine import Sandbox

    mode, warning = Sandbox.choose(requested)
    if warning:
        print(warning, file=sys.stderr)
    Sandbox(mode, limits, python).preflight()
    return mode


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.course.labs import find_root, find_submissions, load_lab
    from autograder.course.late import load_policy, read_submission_times
    from autograder.grading.batch import default_workers, run_batch

    if args.workers is not None and args.workers < 1:
        raise ValueError("--workers must be at least 1")
    limits = _limits(args)
    root = find_root(args.course)
    lab = load_lab(root, args.lab)
    submissions = find_submissions(lab, args.submissions)
    if not submissions:
        raise ValueError("no submissions found in the paths given")
    seen: dict[str, str] = {}
    for submission in submissions:
        where = str(submission.path or submission.problem)
        if submission.student in seen:
            raise ValueError(
                f"two submissions for student {submission.student!r}: {seen[submission.student]} and {where}; "
                "grade them in separate batches or rename one"
            )
        seen[submission.student] = where
    out = Path(args.out) if args.out else root / "autograded" / lab.name
    if args.submitted_at and not Path(args.submitted_at).is_file():
        raise ValueError(f"--submitted-at: no such file {args.submitted_at}")
    submission_times = read_submission_times(Path(args.submitted_at)) if args.submitted_at else None
    mode = _sandbox_mode(args.sandbox, limits, args.kernel_python)
    started = time.monotonic()
    summary = run_batch(
        lab,
        submissions,
        out,
        workers=args.workers or default_workers(),
        force=args.force,
        limits=limits,
        sandbox=mode,
        python=args.kernel_python,
        late_policy=load_policy(root),
        submitted_at=submission_times,
    )
    elapsed = time.monotonic() - started
    counts: dict[str, int] = {}
    for result in summary.graded:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to grade"
    skipped = f"; {len(summary.skipped)} already current (use --force to regrade)" if summary.skipped else ""
    print(f"{lab.name}: {parts}{skipped} in {elapsed:.1f} s; records in {out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.grading.check import run_check

    limits = _limits(args)
    mode = _sandbox_mode(args.sandbox, limits, args.kernel_python)
    text, _ = run_check(Path(args.notebook), args.course, limits, mode, args.kernel_python)
    print(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    from autograder.course.labs import CourseError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except (CourseError, ValueError, RuntimeError) as error:
        print(f"autograder {args.command}: error: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN

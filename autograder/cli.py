"""The ``autograder`` command."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from autograder import __version__
from autograder.instructor_commands import add_commands as add_instructor_commands

EXIT_OK = 0
EXIT_CANNOT_RUN = 2


def _add_sandbox_options(parser: argparse.ArgumentParser, trusted: bool) -> None:
    """The isolation and limits options; ``trusted`` for `check`, which runs the learner's own code."""
    from autograder.sandbox.limits import Limits

    defaults = Limits()
    group = parser.add_argument_group("sandbox and limits")
    if trusted:
        group.add_argument(
            "--sandbox",
            choices=["none", "auto", "bwrap", "process"],
            default="none",
            help="isolation of your code: none (it runs as you; your own code needs no sandbox), bwrap (required), "
            "auto (bwrap when installed, else none), process (limits only) (default: %(default)s)",
        )
    else:
        group.add_argument(
            "--sandbox",
            choices=["auto", "bwrap", "process"],
            default="auto",
            help="isolation of untrusted submissions: bubblewrap, required (auto, bwrap), or degraded to resource "
            "limits only (process)",
        )
        group.add_argument(
            "--no-sandbox",
            action="store_true",
            help='trusted submissions only: kernels run as you, unconfined; every record says so ("sandbox": "none")',
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
    grade.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="parallel submissions (default: two per CPU this process may use, as memory allows)",
    )
    grade.add_argument("--force", action="store_true", help="regrade submissions whose record is current")
    grade.add_argument("--course", metavar="DIR", help="course root (default: $AUTOGRADER_COURSE_ROOT or cwd)")
    grade.add_argument(
        "--skip-preflight",
        action="store_true",
        help="grade without first checking that the lab's reference solution earns full marks in this environment "
        "(for a lab whose reference cannot; otherwise an environment fault becomes students' low scores); values a "
        "lab's hidden tests keep from the reference's grading are then not computed anew, only read if kept before",
    )
    grade.add_argument(
        "--submitted-at",
        metavar="CSV",
        help="student,submitted_at rows: submission times for late penalties (default: each notebook's mtime)",
    )
    _add_sandbox_options(grade, trusted=False)
    grade.set_defaults(run=cmd_grade)

    check_environment = commands.add_parser(
        "preflight",
        help="check that a lab's reference solution earns full marks in this grading environment",
        description="Grade LAB's reference solution (solutions/LAB) as `grade` would, with the same interpreter, "
        "sandbox and limits; exits 2 naming the cause if it loses points. `grade` does this itself before a batch; "
        "a pass is cached per lab and environment.",
    )
    check_environment.add_argument("lab", metavar="LAB", help="a folder name under labs/, e.g. lab03_rag")
    check_environment.add_argument(
        "--course", metavar="DIR", help="course root (default: $AUTOGRADER_COURSE_ROOT or cwd)"
    )
    _add_sandbox_options(check_environment, trusted=False)
    check_environment.set_defaults(run=cmd_preflight)

    check = commands.add_parser(
        "check",
        help="run a notebook's visible tests before submitting",
        description="Run NOTEBOOK's visible tests with the grading engine and print a summary.",
    )
    check.add_argument(
        "notebook", metavar="NOTEBOOK", help="your copy of a lab, e.g. labs/lab01_foundations/lab01.ipynb"
    )
    check.add_argument("--course", metavar="DIR", help="course root, to restore the lab's test cells")
    _add_sandbox_options(check, trusted=True)
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


def _sandbox_mode(args: argparse.Namespace, limits, trusted: bool) -> str:
    """The isolation to use: for untrusted code (`grade`) a sandbox, unless --no-sandbox; checked to work here."""
    from autograder.sandbox.advice import how_to_get_bubblewrap
    from autograder.sandbox.confine import Sandbox, bwrap_path

    requested = args.sandbox
    if getattr(args, "no_sandbox", False):
        if requested != "auto":
            raise ValueError(f"--no-sandbox and --sandbox {requested} contradict each other: choose one")
        requested = "none"
    if requested == "auto":
        requested = "bwrap" if bwrap_path() or not trusted else "none"
    if requested == "bwrap" and not bwrap_path():
        why = "grading untrusted submissions needs a sandbox" if not trusted else "--sandbox bwrap was asked for"
        raise RuntimeError(f"bubblewrap (bwrap) is not installed, and {why}; {how_to_get_bubblewrap()}")
    if requested == "process":
        print(Sandbox.choose("process")[1], file=sys.stderr)
    Sandbox(requested, limits, args.kernel_python).preflight()
    return requested


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.course.labs import find_root, find_submissions, load_lab
    from autograder.course.late import load_policy, read_submission_times
    from autograder.grading.batch import default_workers, run_batch
    from autograder.instructor.preflight import cache_key, kept_dir, preflight_gate
    from autograder.sandbox.advice import isolation_line

    if args.workers is not None and args.workers < 1:
        raise ValueError("--workers must be at least 1")
    limits = _limits(args)
    root = find_root(args.course)
    lab = load_lab(root, args.lab)
    submissions = find_submissions(lab, args.submissions)
    if not submissions:
        raise ValueError(
            "no submissions found in the paths given: give notebooks (.ipynb), folders of them, student folders "
            "holding LAB/, or nbgrader's submitted/ folder"
        )
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
    mode = _sandbox_mode(args, limits, trusted=False)
    print(isolation_line(mode), file=sys.stderr)
    started = time.monotonic()
    if args.skip_preflight:
        print(f"warning: --skip-preflight: the reference solution of {lab.name} was not checked here", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="autograder-preflight-") as scratch:
        key = cache_key(lab, limits, mode, args.kernel_python)
        gate = None if args.skip_preflight else preflight_gate(lab, key, args.kernel_python, Path(scratch))
        if gate is not None:
            check_reference = gate.accept

            def accept(record: dict) -> None:
                check_reference(record)
                print(f"preflight: the reference solution of {lab.name} earns full marks here", file=sys.stderr)

            gate = dataclasses.replace(gate, accept=accept)
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
            gate=gate,
            kept_dir=kept_dir(key),
        )
    elapsed = time.monotonic() - started
    counts: dict[str, int] = {}
    for result in summary.graded:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to grade"
    skipped = f"; {len(summary.skipped)} already current (use --force to regrade)" if summary.skipped else ""
    print(f"{lab.name}: {parts}{skipped} in {elapsed:.1f} s; records in {out}")
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace) -> int:
    from autograder.course.labs import find_root, load_lab
    from autograder.instructor.preflight import preflight

    limits = _limits(args)
    lab = load_lab(find_root(args.course), args.lab)
    mode = _sandbox_mode(args, limits, trusted=False)
    ran = preflight(lab, limits, mode, args.kernel_python)
    print(f"preflight: the reference solution of {lab.name} earns full marks here{'' if ran else ' (cached)'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.course.notebook import Unreadable
    from autograder.grading.check import run_check
    from autograder.sandbox.advice import isolation_line

    notebook = Path(args.notebook)
    example = "e.g. `autograder check labs/lab01_foundations/lab01.ipynb`"
    if not notebook.exists():
        raise ValueError(f"no such file: {notebook}; give the path of your copy of the lab, {example}")
    if notebook.is_dir():
        inside = ", ".join(sorted(p.name for p in notebook.glob("*.ipynb"))) or "no notebook"
        raise ValueError(f"{notebook} is a folder (it holds {inside}); give the notebook file itself, {example}")
    limits = _limits(args)
    mode = _sandbox_mode(args, limits, trusted=True)
    try:
        text, _ = run_check(notebook, args.course, limits, mode, args.kernel_python)
    except Unreadable as error:
        raise ValueError(f"{notebook}: {error}") from None
    print(isolation_line(mode))
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

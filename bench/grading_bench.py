"""Grading throughput: `autograder grade` against stock `nbgrader autograde` on the same submissions, side by side.

    python bench/grading_bench.py [--labs LAB ...] [--submissions 40] [--repeat 3] [--workers N ...] [--keep DIR]
                                  [--baseline DIR] [--cached-preflight]

For each lab (default: the course's lab01_foundations and lab04_knowledge_bases, the heaviest, and the grader's
fixture lab lab01_demo), builds an nbgrader course from the lab's solutions notebook and data files, releases it with
`nbgrader generate_assignment`, writes submissions in nbgrader's submitted/ layout (a third honest: the reference
answers; a third partial: the first half of the answer cells; a third blank: the release as it is), then grades
them all with `nbgrader autograde` (sequential, its only mode) and with `autograder grade` (sandbox on, default
workers), in turn, ``--repeat`` times, each from a cold process as an instructor would run them. ``--baseline DIR``
also times another version of the grader (a folder holding its ``autograder`` package, e.g. from ``git archive``) in
the same turns, so a change is measured against its predecessor under the same load; several ``--workers``
counts (``--workers 2 4``) time our grader once per count in the same turns (``ours-w2``, ``ours-w4``). Each of our
runs starts with an empty preflight cache, so it grades the lab's reference too, as an instructor's first batch of
a lab does; ``--cached-preflight`` fills the cache first, untimed, as for later batches. Prints each run, the
medians and the ratios of the medians per lab. Figures only: nothing here asserts a timing, and on a machine shared
with other work the figures move with its load, so compare the lines measured side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "autograder" / "fixtures" / "course"
DEFAULT_LABS = ("lab01_foundations", "lab04_knowledge_bases", "lab01_demo")


def course_of(lab: str) -> Path:
    """The course root holding ``lab``: the course itself, or the grader's fixture course."""
    return REPO if (REPO / "solutions" / lab).is_dir() else FIXTURE


def env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "JUPYTER_PLATFORM_DIRS": "1"}


def run(command: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**env(), **(extra_env or {})}, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def build_nbgrader_course(root: Path, lab: str, count: int) -> list[str]:
    """An nbgrader course for ``lab`` with ``count`` submissions; the student ids, each prefixed by its kind."""
    course = course_of(lab)
    source = next((course / "solutions" / lab).glob("*.ipynb"))
    (root / "source" / lab).mkdir(parents=True)
    shutil.copy(source, root / "source" / lab)
    for data in (course / "labs" / lab).iterdir():
        if data.suffix != ".ipynb" and data.is_file():
            shutil.copy(data, root / "source" / lab)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        "c.Execute.timeout = 30\n"
    )
    run(["nbgrader", "generate_assignment", lab, "--force"], root)
    release = json.loads((root / "release" / lab / source.name).read_text())
    solutions = json.loads(source.read_text())
    answers = {
        grade_id(cell): "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in solutions["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and grade_id(cell)
    }
    half = dict(list(answers.items())[: max(1, len(answers) // 2)])
    mix = {"honest": answers, "partial": half, "blank": {}}
    students = []
    for index in range(count):
        kind = list(mix)[index % len(mix)]
        notebook = json.loads(json.dumps(release))
        for cell in notebook["cells"]:
            if grade_id(cell) in mix[kind]:
                cell["source"] = mix[kind][grade_id(cell)]
        folder = root / "submitted" / f"{kind}{index:02d}" / lab
        folder.mkdir(parents=True)
        (folder / source.name).write_text(json.dumps(notebook))
        students.append(f"{kind}{index:02d}")
    return students


def bench_lab(
    lab: str, count: int, repeat: int, workers: list[int], root: Path, baseline: Path | None, cached: bool
) -> dict[str, float]:
    """Median seconds of each grader for ``lab`` (nbgrader, ours and the baseline if any), printing each run."""
    students = build_nbgrader_course(root, lab, count)
    graders: dict[str, tuple[list[str], dict[str, str]]] = {
        "nbgrader": (["nbgrader", "autograde", lab, "--create", "--force"], {})
    }
    counts: list[int | None] = list(workers) or [None]
    versions: dict[str, tuple[dict[str, str], int | None]] = {}
    for n in counts:
        suffix = f"-w{n}" if len(counts) > 1 else ""
        versions[f"ours{suffix}"] = ({}, n)
        if baseline:
            versions[f"baseline{suffix}"] = ({"PYTHONPATH": str(baseline.resolve())}, n)
    for name, (version, n) in versions.items():
        command = [sys.executable, "-m", "autograder", "grade", lab, str(root / "submitted")]
        command += ["--course", str(course_of(lab)), "--out", str(root / name), "--force"]
        if n:
            command += ["--workers", str(n)]
        graders[name] = (command, version)
    times: dict[str, list[float]] = {name: [] for name in graders}
    for attempt in range(repeat):
        # Rotate who goes first, so a change in the machine's load does not always favour the same one.
        order = list(graders)[attempt % len(graders) :] + list(graders)[: attempt % len(graders)]
        for name in order:
            command, version = graders[name]
            if name == "nbgrader":
                times[name].append(run(command, root))
                continue
            cache = root / f"preflight-cache-{name}-{attempt}"
            version = {**version, "AUTOGRADER_CACHE_DIR": str(cache)}
            if cached:
                run(
                    [sys.executable, "-m", "autograder", "preflight", lab, "--course", str(course_of(lab))],
                    root,
                    version,
                )
            times[name].append(run(command, root, version))
        print(f"  run {attempt + 1}: " + ", ".join(f"{name} {times[name][-1]:6.1f} s" for name in graders))
    for name in versions:
        scores: dict[str, set] = {}
        for student in students:
            record = json.loads((root / name / f"{student}.json").read_text())
            scores.setdefault(student.rstrip("0123456789"), set()).add((record["score"], record["status"]))
        sandbox = json.loads((root / name / f"{students[0]}.json").read_text())["sandbox"]
        kinds = ", ".join(f"{kind}: {sorted(found)}" for kind, found in scores.items())
        print(f"  {name}'s scores by kind: {kinds}; sandbox: {sandbox}")
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", nargs="+", default=list(DEFAULT_LABS), metavar="LAB")
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each grader per lab; medians are reported")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[],
        metavar="N",
        help="autograder workers (default: the grader's own default); several counts are timed side by side",
    )
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--baseline", metavar="DIR", type=Path, help="also time the grader package found in DIR")
    parser.add_argument("--cached-preflight", action="store_true", help="fill the preflight cache before each run")
    args = parser.parse_args()
    if args.baseline and not (args.baseline / "autograder" / "__init__.py").is_file():
        sys.exit(f"--baseline: {args.baseline} holds no autograder package")
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grading-bench-"))
    if base.exists() and any(base.iterdir()):
        sys.exit(f"{base} is not empty")
    base.mkdir(parents=True, exist_ok=True)
    results = {}
    try:
        for lab in args.labs:
            print(f"{lab}: {args.submissions} submissions, {args.repeat} run(s) of each grader")
            results[lab] = bench_lab(
                lab, args.submissions, args.repeat, args.workers, base / lab, args.baseline, args.cached_preflight
            )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    names = list(next(iter(results.values())))
    print(
        f"\n{'lab':<24}"
        + "".join(f"{name + ' (median)':>20}" for name in names)
        + "".join(f"{'nbgrader/' + name:>18}" for name in names[1:])
    )
    for lab, medians in results.items():
        line = f"{lab:<24}" + "".join(f"{medians[name]:>18.1f} s" for name in names)
        print(line + "".join(f"{medians['nbgrader'] / medians[name]:>17.2f}x" for name in names[1:]))
    print(f"(load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()

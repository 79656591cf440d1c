"""Grading throughput: `autograder grade` against stock `nbgrader autograde` on the same 40 submissions.

    python bench/grading_bench.py [--submissions 40] [--workers N] [--keep DIR]

Builds an nbgrader course from the grader's fixture lab (tests/autograder/fixtures/course), releases it with
`nbgrader generate_assignment`, writes a mix of full, partial and blank submissions in nbgrader's submitted/ layout,
then grades them all with `nbgrader autograde` (sequential, its only mode) and with `autograder grade` (sandbox on,
default workers), and prints submissions per minute for both and the ratio. Both runs start from a cold process, as
an instructor would run them. Figures only: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "autograder" / "fixtures"
COURSE = FIXTURES / "course"
LAB = "lab01_demo"
SOLUTIONS = {
    "add_impl": "def add(a, b):\n    return a + b\n",
    "count_impl": "def count_words(text):\n    counts = {}\n    for w in text.split():\n"
    "        counts[w] = counts.get(w, 0) + 1\n    return counts\n",
    "answer_impl": "ANSWER = 42\n",
}
MIX = {"full": SOLUTIONS, "partial": {"add_impl": SOLUTIONS["add_impl"]}, "blank": {}}


def env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "JUPYTER_PLATFORM_DIRS": "1"}


def run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def build_nbgrader_course(root: Path, count: int) -> list[str]:
    (root / "source" / LAB).mkdir(parents=True)
    shutil.copy(COURSE / "solutions" / LAB / f"{LAB}.ipynb", root / "source" / LAB)
    shutil.copy(COURSE / "labs" / LAB / "words.txt", root / "source" / LAB)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        "c.Execute.timeout = 30\n"
    )
    run(["nbgrader", "generate_assignment", LAB, "--force"], root)
    release = json.loads((root / "release" / LAB / f"{LAB}.ipynb").read_text())
    students = []
    kinds = list(MIX)
    for index in range(count):
        kind = kinds[index % len(kinds)]
        student = f"{kind}{index:02d}"
        notebook = json.loads(json.dumps(release))
        for cell in notebook["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in MIX[kind]:
                cell["source"] = MIX[kind][grade_id]
        folder = root / "submitted" / student / LAB
        folder.mkdir(parents=True)
        (folder / f"{LAB}.ipynb").write_text(json.dumps(notebook))
        students.append(student)
    return students


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, help="autograder workers (default: the grader's own default)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grading-bench-"))
    if root.exists() and any(root.iterdir()):
        sys.exit(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    try:
        students = build_nbgrader_course(root, args.submissions)
        n = len(students)
        nbgrader_s = run(["nbgrader", "autograde", LAB, "--create", "--force"], root)
        ours = [sys.executable, "-m", "autograder", "grade", LAB, str(root / "submitted")]
        ours += ["--course", str(COURSE), "--out", str(root / "ours"), "--force"]
        if args.workers:
            ours += ["--workers", str(args.workers)]
        ours_s = run(ours, root)
        scores = {}
        for student in students:
            record = json.loads((root / "ours" / f"{student}.json").read_text())
            scores.setdefault(student.rstrip("0123456789"), set()).add((record["score"], record["status"]))
        sandbox = json.loads((root / "ours" / f"{students[0]}.json").read_text())["sandbox"]
        print(f"{n} submissions of {LAB} ({', '.join(f'{k}: {sorted(v)}' for k, v in scores.items())})")
        print(f"nbgrader autograde : {nbgrader_s:7.1f} s  {60 * n / nbgrader_s:7.1f} submissions/min (sequential)")
        print(f"autograder grade   : {ours_s:7.1f} s  {60 * n / ours_s:7.1f} submissions/min (sandbox: {sandbox})")
        print(f"ratio              : {nbgrader_s / ours_s:7.2f}x")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

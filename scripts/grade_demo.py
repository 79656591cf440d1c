"""A class of three hands in a course lab, and the grader does the rest: grades, feedback pages, exports.

    python scripts/grade_demo.py [--lab lab01_foundations] [--out build/grade-demo]

Ada hands in the instructor's solution, Bob the first half of it, Cyd the blank release; each sits in nbgrader's
layout (submitted/<student>/<lab>/<lab>.ipynb). Then, as docs/instructor.md describes, `autograder grade`,
`autograder feedback` and `autograder export --format csv|gradescope` run on them, and the grades are printed. The
out folder is replaced on every run; nothing else is written.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.instructor.answers import filled_release, solution_answers

REPO = Path(__file__).resolve().parent.parent


def hand_in(lab: str, student: str, answers: dict[str, str], submitted: Path) -> None:
    release = next((REPO / "labs" / lab).glob("*.ipynb"))
    path = submitted / student / lab / release.name
    path.parent.mkdir(parents=True)
    path.write_text(filled_release(release, answers), encoding="utf-8")


def autograder(*args: str) -> None:
    print("$ autograder", " ".join(args), flush=True)
    done = subprocess.run([sys.executable, "-m", "autograder", *args, "--course", str(REPO)])
    if done.returncode != 0:  # the autograder has said what is wrong and what to do; no traceback on top
        raise SystemExit(done.returncode)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="lab01_foundations")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "grade-demo")
    args = parser.parse_args()
    if not (REPO / "solutions" / args.lab).is_dir():
        labs = ", ".join(sorted(p.name for p in (REPO / "solutions").glob("lab*")))
        parser.error(f"no lab {args.lab} in solutions/ (there are: {labs})")
    out: Path = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    solution = solution_answers(next((REPO / "solutions" / args.lab).glob("*.ipynb")))
    half = dict(list(solution.items())[: len(solution) // 2])
    for student, filled in {"ada": solution, "bob": half, "cyd": {}}.items():
        hand_in(args.lab, student, filled, out / "submitted")

    results, feedback = out / "results" / args.lab, out / "feedback" / args.lab
    autograder("grade", args.lab, str(out / "submitted"), "--out", str(results))
    autograder(
        "feedback", args.lab, "--results", str(results), "--out", str(feedback), "--submissions", str(out / "submitted")
    )
    autograder("export", "--format", "csv", "--results", str(results), "--out", str(out / "gradebook.csv"))
    autograder("export", "--format", "gradescope", "--results", str(results), "--out", str(out / "gradescope"))

    print(f"\n{args.lab}:")
    for row in csv.DictReader((results / "grades.csv").open(encoding="utf-8")):
        print(f"  {row['student']:<5} {float(row['score']):>5.1f} / {float(row['max_score']):.1f}  {row['status']}")
    print(f"\nfeedback pages: {feedback}/<student>.html\ngradebook: {out / 'gradebook.csv'}")
    print(f"Gradescope results: {out / 'gradescope'}/<student>/{args.lab}/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Execution time of every lesson and solution notebook, headless, one after another, as the test suite runs them.

    python bench/notebooks_bench.py [--repeat 1] [NOTEBOOK ...]

Each notebook runs top to bottom in a fresh `bedrock-course` kernel from a temporary folder; the time includes the
kernel's start. Prints the median over ``--repeat`` runs per notebook, then the totals for lessons/ and solutions/.
The course's budgets, printed beside each figure: a lesson in 20 s or less and all seven in 60 s; a solution
notebook in 30 s or less and all six in 60 s. Figures only: nothing fails.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.notebook_harness import execute_notebook  # noqa: E402  (the suite's harness: IPC kernels, no TCP warning)

BUDGETS = {"lessons": (20.0, 60.0), "solutions": (30.0, 60.0)}  # seconds: (each notebook, all of the folder)


def verdict(seconds: float, folder: str, which: int) -> str:
    """The figure against its budget (``which``: 0 each notebook, 1 the whole folder); "" without one."""
    if folder not in BUDGETS:
        return ""
    budget = BUDGETS[folder][which]
    return f"  {'within' if seconds <= budget else 'OVER'} {budget:g} s"


def course_notebooks() -> list[Path]:
    found = [p for folder in ("lessons", "solutions") for p in sorted((REPO / folder).rglob("*.ipynb"))]
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def run_once(path: Path) -> float:
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        execute_notebook(path, workdir=Path(workdir), timeout=600)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson and solution")
    args = parser.parse_args()
    notebooks = [p.resolve() for p in args.notebooks] or course_notebooks()
    totals: dict[str, float] = {}
    print(f"{'notebook':<56}{'median s':>9}  (of {args.repeat})")
    for path in notebooks:
        median = statistics.median(run_once(path) for _ in range(args.repeat))
        name = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
        folder = name.split("/")[0]
        totals[folder] = totals.get(folder, 0.0) + median
        print(f"{name:<56}{median:>9.1f}{verdict(median, folder, 0)}", flush=True)
    for folder, total in totals.items():
        print(f"{'all of ' + folder + '/':<56}{total:>9.1f}{verdict(total, folder, 1)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a submission's grading time goes: one grading worker, in this process, timed phase by phase.

    python bench/grading_phases.py [--labs LAB ...] [--submissions 6]

Grades the lab's reference and its blank release alternately (sandbox on, one worker, as `autograder grade` runs
them) and prints, per lab, the wall time per submission and the time spent in each phase: waiting for the next
kernel, each cell in the kernel, each test cell in the test process (with the calls it makes into the kernel),
bridge round trips, integrity probes, starting and ending kernels and test processes, building the record. Phases
nest (a test includes its bridge calls), so they do not add up to the total. Setup cells the spare kernel ran
before its submission arrived appear under "made ready ahead" (in a background thread, overlapping the previous
submission). Figures only: it asserts nothing, and wall times move with the machine's load.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.course.labs import load_lab  # noqa: E402
from autograder.grading import execute, record, worker  # noqa: E402
from autograder.grading.verifier import warm_targets  # noqa: E402
from autograder.instructor.answers import filled_release, solution_answers  # noqa: E402
from autograder.sandbox import bridge  # noqa: E402
from autograder.sandbox.confine import Sandbox  # noqa: E402
from autograder.sandbox.kernel import Kernel  # noqa: E402
from autograder.sandbox.limits import Limits  # noqa: E402

FIXTURE = REPO / "tests" / "autograder" / "fixtures" / "course"
spent: dict[str, float] = collections.defaultdict(float)
calls: collections.Counter = collections.Counter()


def timed(owner, attribute: str, label) -> None:
    """Wrap ``owner.attribute`` so each call adds its wall time to ``label`` (a text, or a function of the call's
    arguments that names the phase)."""
    original = getattr(owner, attribute)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            name = label(*args) if callable(label) else label
            spent[name] += time.perf_counter() - started
            calls[name] += 1

    setattr(owner, attribute, wrapper)


def instrument() -> None:
    timed(Kernel, "__init__", "start a kernel (spawn only)")
    timed(Kernel, "end", "end a kernel")
    timed(execute.ReadyKernel, "_prepare", "made ready ahead: start, bridge, setup cells")
    timed(execute.ReadyKernel, "ready_for", "wait for the kernel made ready ahead")
    timed(execute.VerifierProcess, "__init__", "fork a test process")
    timed(execute.VerifierProcess, "end", "end a test process")
    timed(execute._Run, "_in_kernel", lambda run, step: f"kernel: {step.name}")
    timed(execute._Run, "_test", lambda run, step: f"test process: {step.name} (with its bridge calls)")
    timed(execute._Run, "_probe", "integrity probes")
    timed(bridge, "ask", "bridge round trips")
    timed(record, "build", "build the record")
    timed(Sandbox, "disk_full", "measure the working folder (after each cell)")


def bench_lab(lab_name: str, count: int) -> None:
    course = REPO if (REPO / "solutions" / lab_name).is_dir() else FIXTURE
    lab = load_lab(course, lab_name)
    sandbox = Sandbox("bwrap", Limits(), None, lab.layout())
    warm = tuple(warm_targets(cell.source for cell in lab.cells if cell.cell_type == "code"))
    executor = execute.Executor(sandbox, warm, worker.lab_prelude(lab.cells))
    with tempfile.TemporaryDirectory() as scratch:
        honest = Path(scratch) / "honest.ipynb"
        honest.write_text(filled_release(lab.release_dir / lab.notebook_name, solution_answers(lab.source)))
        kinds = [honest, lab.release_dir / lab.notebook_name]
        spent.clear()
        calls.clear()
        try:
            executor.warm()
            started = time.perf_counter()
            for index in range(count):
                job = {"student": f"s{index}", "lab": lab.name, "path": str(kinds[index % 2]), "hashes": {}}
                worker.grade_one(executor, lab.cells, job, sandbox.mode)
                executor.warm()
            wall = time.perf_counter() - started
        finally:
            executor.close()
    print(f"{lab_name}: {count} submissions (reference and blank alternately), {wall / count:.2f} s each")
    for name in sorted(spent, key=spent.get, reverse=True):
        print(f"  {spent[name] / count:7.3f} s per submission  {name} ({calls[name] / count:g} per submission)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", nargs="+", default=["lab01_foundations", "lab04_knowledge_bases"], metavar="LAB")
    parser.add_argument("--submissions", type=int, default=6)
    args = parser.parse_args()
    instrument()
    for lab in args.labs:
        bench_lab(lab, args.submissions)
    print(f"(load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
